// Package press writes the press paragraph of a report package, in English
// or Chinese, from the rounded published figures, in the house style of
// customs releases, and lists every figure it writes so the text can be
// checked against the tables.
package press
