package io.perpguard.stats;

import io.perpguard.portfolio.ReturnMatrix;
import org.hipparchus.stat.correlation.PearsonsCorrelation;

import java.util.List;

/**
 * Pearson correlations of daily returns, from Hipparchus {@link PearsonsCorrelation}.
 *
 * @param symbols row/column order
 * @param matrix  {@code matrix[i][j]} = corr(r_i, r_j); 1 on the diagonal
 */
public record CorrelationMatrix(List<String> symbols, double[][] matrix) {
    public CorrelationMatrix {
        symbols = List.copyOf(symbols);
    }

    /** Calculates the correlation matrix of a return matrix (needs at least 2 days). */
    public static CorrelationMatrix of(ReturnMatrix returns) {
        int m = returns.symbols().size();
        if (m == 1) {
            return new CorrelationMatrix(returns.symbols(), new double[][]{{1}});
        }
        double[][] corr = new PearsonsCorrelation(ParametricVar.observations(returns)).getCorrelationMatrix().getData();
        return new CorrelationMatrix(returns.symbols(), corr);
    }

    public double get(String a, String b) {
        return matrix[symbols.indexOf(a)][symbols.indexOf(b)];
    }
}
