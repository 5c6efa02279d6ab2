package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.cascade.LiquidationMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;

/** Renders a liquidation heat map (time × price, colour = estimated notional) with JFreeChart, to PNG or SVG. */
final class LiqmapChart {
    static final int WIDTH = 1200, HEIGHT = 700;

    private LiqmapChart() {
    }

    /** @param label what the map is of, as the table's first line names it ({@code LiqmapCommand.label}) */
    static JFreeChart chart(LiquidationMap.Result r, double[] closeAtSample, String label) {
        int nt = r.timeMs().length, nb = r.bucketLow().length;
        double[] x = new double[nt * nb], y = new double[nt * nb], z = new double[nt * nb];
        double max = 0;
        for (int t = 0; t < nt; t++) {
            for (int b = 0; b < nb; b++) {
                int i = t * nb + b;
                x[i] = r.timeMs()[t];
                y[i] = r.bucketLow()[b] + r.bucketSize() / 2;
                z[i] = r.heat()[t][b];
                max = Math.max(max, z[i]);
            }
        }
        DefaultXYZDataset heat = new DefaultXYZDataset();
        heat.addSeries("liquidation notional", new double[][]{x, y, z});
        XYBlockRenderer block = new XYBlockRenderer();
        long width = nt > 1 ? r.timeMs()[1] - r.timeMs()[0] : 3_600_000L;
        block.setBlockWidth(width);
        block.setBlockHeight(r.bucketSize());
        LookupPaintScale scale = new LookupPaintScale(0, Math.max(max, 1), new Color(20, 20, 40));
        // dark → yellow ramp: brighter = more estimated liquidation notional
        for (int k = 1; k <= 20; k++) {
            double v = Math.max(max, 1) * k / 20.0;
            float f = k / 20f;
            scale.add(v * 0.999 - Math.max(max, 1) / 20.0 + 1e-9, new Color(Math.min(1f, 0.1f + f), Math.min(1f, 0.05f + f * f), 0.3f * (1 - f) + 0.05f));
        }
        block.setPaintScale(scale);
        DateAxis time = new DateAxis("time (UTC)");
        NumberAxis price = new NumberAxis("price");
        price.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(heat, time, price, block);
        plot.setBackgroundPaint(new Color(20, 20, 40));
        DefaultXYDataset line = new DefaultXYDataset();
        line.addSeries("close", new double[][]{toDouble(r.timeMs()), closeAtSample});
        XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
        lr.setSeriesPaint(0, Color.WHITE);
        lr.setSeriesStroke(0, new BasicStroke(1.5f));
        plot.setDataset(1, line);
        plot.setRenderer(1, lr);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        JFreeChart chart = new JFreeChart(label + " estimated liquidation heat map (OI increments × leverage mix, real tiers)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis("USD");
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    private static double[] toDouble(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Refuses, before anything is computed or written, an output path that cannot become a file (bad input: exit 2). */
    static void requireWritable(String field, Path out) {
        Path abs = out.toAbsolutePath();
        Path parent = abs.getParent();
        String why = java.nio.file.Files.isDirectory(abs) ? "it is a directory"
                : parent == null || !java.nio.file.Files.isDirectory(parent) ? "its directory " + parent + " does not exist"
                : !java.nio.file.Files.isWritable(parent) || java.nio.file.Files.exists(abs) && !java.nio.file.Files.isWritable(abs)
                ? "permission denied" : null;
        if (why != null) {
            throw new InvalidInputException(field, "cannot write " + out + ": " + why);
        }
    }

    static void png(JFreeChart chart, Path out) {
        try {
            ChartUtils.saveChartAsPNG(out.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new InvalidInputException("png", "cannot write " + out + ": " + e.getMessage());
        }
    }

    static void svg(JFreeChart chart, Path out) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        try {
            SVGUtils.writeToSVG(out.toFile(), g.getSVGElement());
        } catch (IOException e) {
            throw new InvalidInputException("svg", "cannot write " + out + ": " + e.getMessage());
        }
    }
}
