package main

// common is what `ceb data aggregate` takes from the factory: its IO and
// the global flags.
type common struct {
	IO      *IOStreams
	Globals *Globals
}

func (f *Factory) common() common { return common{IO: f.IO, Globals: &f.Globals} }
