package io.perpguard.stats;

import io.perpguard.portfolio.Exposure;
import io.perpguard.portfolio.PortfolioReport;
import io.perpguard.portfolio.ReturnMatrix;

/**
 * The core portfolio report with the figures that need Hipparchus: the correlation matrix of the returns used and
 * the variance–covariance VaR/ES. Both are null when the report has no returns (or, for VaR, when a symbol's returns
 * are missing, as for historical VaR).
 */
public record PortfolioAnalysis(PortfolioReport report, CorrelationMatrix correlation, ParametricVar parametric) {

    public static PortfolioAnalysis of(PortfolioReport report) {
        ReturnMatrix m = report.returns();
        if (m == null) {
            return new PortfolioAnalysis(report, null, null);
        }
        CorrelationMatrix corr = CorrelationMatrix.of(m);
        ParametricVar pv = null;
        if (report.historicalVar() != null) {
            double[] w = new double[m.symbols().size()];
            for (int i = 0; i < w.length; i++) {
                Exposure.Line l = report.exposure().line(m.symbols().get(i));
                w[i] = l == null ? 0 : l.netDeltaUsd();
            }
            pv = ParametricVar.of(w, m);
        }
        return new PortfolioAnalysis(report, corr, pv);
    }
}
