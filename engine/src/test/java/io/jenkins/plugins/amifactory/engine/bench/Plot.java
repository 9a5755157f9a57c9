package io.jenkins.plugins.amifactory.engine.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Calls against mean detection latency, one colour per contender: a large dot for all scenarios together, small
 * dots for each scenario, and the target's corner (at most 25 % of the fixed 15 s poller's calls, at most 10 s
 * late). Drawn with java.awt, headless, so no tool beyond the JDK is needed.
 */
final class Plot {

    private static final int W = 760;
    private static final int H = 500;
    private static final int LEFT = 60;
    private static final int RIGHT = 180;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final double MAX_X = 1.2;
    private static final Color[] COLOURS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x7F7F7F),
        new Color(0x2CA02C)};

    private Plot() {
    }

    static void write(List<PollingBenchmark.CaseResult> cases, Map<Contender, Figures> overall, Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        double maxY = 5;
        for (Figures f : overall.values()) {
            maxY = Double.isNaN(f.meanLatency()) ? maxY : Math.max(maxY, f.meanLatency());
        }
        for (PollingBenchmark.CaseResult r : cases) {
            double y = Figures.of(r.waits()).meanLatency();
            maxY = Double.isNaN(y) ? maxY : Math.max(maxY, y);
        }
        maxY = Math.ceil(maxY / 5) * 5 + 5;
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        axes(g, maxY);
        g.setColor(new Color(0xE8F5E9));
        g.fillRect(x(0) + 1, y(10, maxY), x(0.25) - x(0) - 1, y(0, maxY) - y(10, maxY));
        g.setColor(new Color(0x2E7D32));
        g.drawString("target", x(0) + 6, y(10, maxY) + 14);
        for (PollingBenchmark.CaseResult r : cases) {
            Figures f = Figures.of(r.waits());
            long fixed15 = cases.stream().filter(o -> o.scenario().equals(r.scenario())
                    && o.contender() == Contender.FIXED_15).mapToLong(o -> Figures.of(o.waits()).calls()).sum();
            dot(g, COLOURS[r.contender().ordinal()], (double) f.calls() / fixed15, f.meanLatency(), maxY, 5);
        }
        long fixed15 = overall.get(Contender.FIXED_15).calls();
        int legend = TOP + 10;
        for (Map.Entry<Contender, Figures> e : overall.entrySet()) {
            Color c = COLOURS[e.getKey().ordinal()];
            double xv = (double) e.getValue().calls() / fixed15;
            dot(g, c, xv, e.getValue().meanLatency(), maxY, 13);
            if (e.getValue().falseTimeouts() > 0 && !Double.isNaN(e.getValue().meanLatency())) {
                // Its latency counts only the waits it did not give up on: say so next to it.
                g.setColor(Color.DARK_GRAY);
                g.drawString("gave up " + e.getValue().falseTimeouts() + " of " + e.getValue().waits() + " waits",
                        x(Math.min(xv, MAX_X)) + 10, y(e.getValue().meanLatency(), maxY) - 10);
            }
            g.setColor(c);
            g.fillOval(W - RIGHT + 20, legend - 9, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey().label, W - RIGHT + 36, legend);
            legend += 20;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("large: all scenarios", W - RIGHT + 20, legend + 10);
        g.drawString("small: one scenario", W - RIGHT + 20, legend + 26);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void axes(Graphics2D g, double maxY) {
        g.setColor(Color.BLACK);
        g.drawLine(x(0), y(0, maxY), x(MAX_X), y(0, maxY));
        g.drawLine(x(0), y(0, maxY), x(0), y(maxY, maxY));
        for (double t = 0; t <= MAX_X + 1e-9; t += 0.2) {
            g.drawLine(x(t), y(0, maxY), x(t), y(0, maxY) + 4);
            g.drawString(Math.round(t * 100) + " %", x(t) - 12, y(0, maxY) + 18);
        }
        for (double t = 0; t <= maxY + 1e-9; t += 5) {
            g.drawLine(x(0) - 4, y(t, maxY), x(0), y(t, maxY));
            g.drawString(String.valueOf((int) t), x(0) - 28, y(t, maxY) + 4);
        }
        g.drawString("API calls while waiting, relative to a fixed 15 s poller", x(0) + 90, H - 15);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("mean detection latency (simulated s)", -(TOP + (H - TOP - BOTTOM) / 2) - 100, 18);
        rotated.dispose();
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString("Calls against detection latency", x(0) + 130, TOP - 15);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        g.setStroke(new BasicStroke(1f));
    }

    private static void dot(Graphics2D g, Color c, double xv, double yv, double maxY, int size) {
        if (Double.isNaN(yv)) {
            return;
        }
        g.setColor(c);
        g.fillOval(x(Math.min(xv, MAX_X)) - size / 2, y(yv, maxY) - size / 2, size, size);
    }

    private static int x(double v) {
        return LEFT + (int) Math.round(v / MAX_X * (W - LEFT - RIGHT));
    }

    private static int y(double v, double maxY) {
        return H - BOTTOM - (int) Math.round(v / maxY * (H - TOP - BOTTOM));
    }
}
