# Independent computation of the expectations in stats_test.go (R, base only).
# Run: Rscript stats/testdata/check.R
g <- function(v, b) 100 * (v / b - 1)
cat(sprintf("janfeb     %.10f\n", g(230, 200)))
cat(sprintf("mar_first  %.10f\n", g(130, 110)))
cat(sprintf("mar_rev    %.10f\n", g(128, 110)))
cat(sprintf("q1         %.10f\n", g(230 + 128, 200 + 110)))
cat(sprintf("h1         %.10f\n", g(230 + 128 + 126 + 140 + 150, 200 + 110 + 120 + 125 + 130)))
cat(sprintf("ytd5       %.10f\n", g(624, 200 + 110 + 120 + 125)))
cat(sprintf("usd        %.10f\n", g(32.5, 29.0)))
# rounding interval of the YTD rate: 624 (step 1) over 555 = 200(step 100)+110(10)+120(10)+125(1)
h <- 0.5; hb <- 50 + 5 + 5 + 0.5
cat(sprintf("ytd5_low   %.10f\n", g(624 - h, 555 + hb)))
cat(sprintf("ytd5_high  %.10f\n", g(624 + h, 555 - hb)))
# comparison with r (H1): series 774 vs 685, reference 10000 vs 9500
v <- 774; b <- 685; w <- 10000; c <- 9500
cat(sprintf("share      %.10f\n", 100 * v / w))
cat(sprintf("share_chg  %.10f\n", 100 * (v / w - b / c)))
cat(sprintf("contrib    %.10f\n", 100 * (v - b) / c))
cat(sprintf("gshare     %.10f\n", 100 * (v - b) / (w - c)))
# multiple and log-linear trend for y, 2018..2023
yr <- 2018:2023; y <- c(100, 120, 150, 160, 200, 240)
ratio <- 240 / 100
cat(sprintf("ratio      %.10f\n", ratio))
cat(sprintf("cagr       %.10f\n", 100 * (ratio^(1 / 5) - 1)))
fit <- lm(log(y) ~ yr)
cat(sprintf("trend      %.10f\n", 100 * (exp(coef(fit)[2]) - 1)))
cat(sprintf("r2         %.10f\n", summary(fit)$r.squared))
