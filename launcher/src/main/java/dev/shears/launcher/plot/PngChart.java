package dev.shears.launcher.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small XY chart rendered to PNG with Java2D (headless): series of points drawn as markers, optionally joined by
 * lines, with 95 % error bars where a point has them, linear axes with "nice" ticks (whole numbers only on an integer
 * axis), axis titles, point labels and a legend. A label is placed where it covers no marker, no error bar and no
 * other label, inside the plot; when no such place exists near its point it is left out rather than drawn over
 * something. Enough for the reproduction figures without a plotting dependency.
 */
public final class PngChart {
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 230;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  /**
   * One series.
   *
   * @param name   legend entry
   * @param points the points, drawn in order
   * @param lines  whether consecutive points are joined
   */
  public record Series(String name, List<Point> points, boolean lines) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /**
   * One point with an optional label drawn beside it and optional error bars (NaN bounds: none).
   *
   * @param xLow  lower end of the horizontal bar
   * @param xHigh upper end of the horizontal bar
   * @param yLow  lower end of the vertical bar
   * @param yHigh upper end of the vertical bar
   */
  public record Point(double x, double y, String label, double xLow, double xHigh, double yLow, double yHigh) {
    /** A point without error bars. */
    public Point(double x, double y, String label) {
      this(x, y, label, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    boolean hasXBar() {
      return Double.isFinite(xLow) && Double.isFinite(xHigh);
    }

    boolean hasYBar() {
      return Double.isFinite(yLow) && Double.isFinite(yHigh);
    }
  }

  /** A box on the image, in pixels. */
  public record Box(int x, int y, int w, int h) {
    public boolean overlaps(Box o) {
      return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
    }

    public boolean inside(Box o) {
      return x >= o.x && y >= o.y && x + w <= o.x + o.w && y + h <= o.y + o.h;
    }
  }

  /** Where the markers, error bars and labels of a rendering went, and the labels left out. */
  public record Layout(List<Box> markers, List<Box> bars, List<Box> labels, List<String> omitted) {}

  private static final int MARKER = 6;

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final List<Series> series = new ArrayList<>();
  private Double yMin;
  private Double yMax;
  private boolean integerX;
  private Layout layout;

  /** A chart with its title and axis titles. */
  public PngChart(String title, String xTitle, String yTitle) {
    this.title = title;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
  }

  /** Adds a series; returns this. */
  public PngChart add(Series s) {
    series.add(s);
    return this;
  }

  /** Fixes the y range instead of fitting it to the data; returns this. */
  public PngChart yRange(double min, double max) {
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  /** Ticks the x axis at whole numbers only (a count such as decoder layers); returns this. */
  public PngChart integerX() {
    this.integerX = true;
    return this;
  }

  /** The series, in the order added. */
  public List<Series> series() {
    return List.copyOf(series);
  }

  /** Where the last {@link #render} put markers, bars and labels. */
  public Layout layout() {
    return layout;
  }

  /** Renders the chart. */
  public BufferedImage render() {
    System.setProperty("java.awt.headless", "true");
    List<Point> all = series.stream().flatMap(s -> s.points().stream()).toList();
    if (all.isEmpty()) {
      throw new IllegalStateException("The chart '" + title + "' has no points to draw");
    }
    double[] xr = niceRange(all.stream().mapToDouble(p -> p.hasXBar() ? Math.min(p.x(), p.xLow()) : p.x()).min()
        .orElse(0), all.stream().mapToDouble(p -> p.hasXBar() ? Math.max(p.x(), p.xHigh()) : p.x()).max().orElse(1));
    if (integerX) {
      xr = integerRange(xr);
    }
    double[] yr = yMin != null ? niceRange(yMin, yMax)
        : niceRange(all.stream().mapToDouble(p -> p.hasYBar() ? Math.min(p.y(), p.yLow()) : p.y()).min().orElse(0),
            all.stream().mapToDouble(p -> p.hasYBar() ? Math.max(p.y(), p.yHigh()) : p.y()).max().orElse(1));
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Plot plot = new Plot(xr, yr);
      drawAxes(g, plot);
      Layout placed = new Layout(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      // Markers and bars first, all series, so that no label is placed over a point drawn later.
      for (Series s : series) {
        for (Point point : s.points()) {
          placed.markers().add(new Box(plot.x(point.x()) - MARKER - 1, plot.y(point.y()) - MARKER - 1, 2 * MARKER + 2,
              2 * MARKER + 2));
          if (point.hasXBar()) {
            placed.bars().add(new Box(plot.x(point.xLow()), plot.y(point.y()) - 4, plot.x(point.xHigh())
                - plot.x(point.xLow()) + 1, 9));
          }
          if (point.hasYBar()) {
            placed.bars().add(new Box(plot.x(point.x()) - 4, plot.y(point.yHigh()), 9, plot.y(point.yLow())
                - plot.y(point.yHigh()) + 1));
          }
        }
      }
      for (int i = 0; i < series.size(); i++) {
        drawSeries(g, plot, series.get(i), PALETTE[i % PALETTE.length], i);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i < series.size(); i++) {
        drawLabels(g, plot, series.get(i), PALETTE[i % PALETTE.length], placed);
      }
      layout = placed;
      drawLegend(g);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
      g.drawString(title, LEFT, 30);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Renders the chart into {@code file} (parent directories created). */
  public void write(Path file) throws IOException {
    BufferedImage image = render();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("No PNG writer is available to write " + file);
    }
  }

  private record Plot(double[] xr, double[] yr) {
    int x(double v) {
      return LEFT + (int) Math.round((v - xr[0]) / (xr[1] - xr[0]) * (WIDTH - LEFT - RIGHT));
    }

    int y(double v) {
      return HEIGHT - BOTTOM - (int) Math.round((v - yr[0]) / (yr[1] - yr[0]) * (HEIGHT - TOP - BOTTOM));
    }
  }

  private void drawAxes(Graphics2D g, Plot p) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    for (double t : ticks(p.xr())) {
      int x = p.x(t);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
      g.setColor(Color.DARK_GRAY);
      String s = format(t, p.xr()[2]);
      g.drawString(s, x - fm.stringWidth(s) / 2, HEIGHT - BOTTOM + 18);
    }
    for (double t : ticks(p.yr())) {
      int y = p.y(t);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(LEFT, y, WIDTH - RIGHT, y);
      g.setColor(Color.DARK_GRAY);
      String s = format(t, p.yr()[2]);
      g.drawString(s, LEFT - 8 - fm.stringWidth(s), y + 5);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    fm = g.getFontMetrics();
    g.drawString(xTitle, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xTitle)) / 2, HEIGHT - 25);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yTitle, -(TOP + (HEIGHT - TOP - BOTTOM + fm.stringWidth(yTitle)) / 2), 22);
    g.setTransform(saved);
  }

  private static void drawSeries(Graphics2D g, Plot p, Series s, Color color, int index) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    if (s.lines()) {
      for (int i = 1; i < s.points().size(); i++) {
        Point a = s.points().get(i - 1);
        Point b = s.points().get(i);
        g.drawLine(p.x(a.x()), p.y(a.y()), p.x(b.x()), p.y(b.y()));
      }
    }
    g.setStroke(new BasicStroke(1.3f));
    for (Point point : s.points()) {
      int x = p.x(point.x());
      int y = p.y(point.y());
      if (point.hasXBar()) {
        int lo = p.x(point.xLow());
        int hi = p.x(point.xHigh());
        g.drawLine(lo, y, hi, y);
        g.drawLine(lo, y - 4, lo, y + 4);
        g.drawLine(hi, y - 4, hi, y + 4);
      }
      if (point.hasYBar()) {
        int lo = p.y(point.yLow());
        int hi = p.y(point.yHigh());
        g.drawLine(x, lo, x, hi);
        g.drawLine(x - 4, lo, x + 4, lo);
        g.drawLine(x - 4, hi, x + 4, hi);
      }
    }
    for (Point point : s.points()) {
      marker(g, index, p.x(point.x()), p.y(point.y()));
    }
  }

  /**
   * Places each label at the first free spot of a ring of candidates around its marker, nearest first, that covers
   * no marker, bar or placed label and stays inside the plot; a label with no free spot is left out.
   */
  private static void drawLabels(Graphics2D g, Plot p, Series s, Color color, Layout placed) {
    FontMetrics fm = g.getFontMetrics();
    Box area = new Box(LEFT + 1, TOP + 1, WIDTH - LEFT - RIGHT - 2, HEIGHT - TOP - BOTTOM - 2);
    for (Point point : s.points()) {
      if (point.label() == null || point.label().isEmpty()) {
        continue;
      }
      int x = p.x(point.x());
      int y = p.y(point.y());
      int w = fm.stringWidth(point.label());
      int h = fm.getAscent() + fm.getDescent();
      Box chosen = null;
      for (int ring = 0; ring < 4 && chosen == null; ring++) {
        int d = MARKER + 3 + ring * (h + 2);
        int[][] offsets = {{d, -d - h + 4}, {d, d - 4}, {-d - w, -d - h + 4}, {-d - w, d - 4}, {-w / 2, -d - h},
            {-w / 2, d}, {d, -h / 2}, {-d - w, -h / 2}};
        for (int[] o : offsets) {
          Box box = new Box(x + o[0], y + o[1], w, h);
          if (box.inside(area) && placed.markers().stream().noneMatch(box::overlaps)
              && placed.bars().stream().noneMatch(box::overlaps) && placed.labels().stream().noneMatch(box::overlaps)) {
            chosen = box;
            break;
          }
        }
      }
      if (chosen == null) {
        placed.omitted().add(point.label());
        continue;
      }
      placed.labels().add(chosen);
      g.setColor(color.darker());
      g.drawString(point.label(), chosen.x(), chosen.y() + fm.getAscent());
    }
  }

  private static void marker(Graphics2D g, int index, int x, int y) {
    switch (index % 3) {
      case 0 -> g.fillOval(x - 5, y - 5, 10, 10);
      case 1 -> g.fillRect(x - 5, y - 5, 10, 10);
      default -> g.fillPolygon(new int[] {x, x - 6, x + 6}, new int[] {y - 6, y + 5, y + 5}, 3);
    }
  }

  private void drawLegend(Graphics2D g) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    int x = WIDTH - RIGHT + 20;
    int y = TOP + 10;
    for (int i = 0; i < series.size(); i++) {
      g.setColor(PALETTE[i % PALETTE.length]);
      marker(g, i, x + 5, y + i * 22);
      g.setColor(Color.BLACK);
      g.drawString(series.get(i).name(), x + 16, y + i * 22 + 5);
    }
  }

  /** [min, max, step] widened to whole steps of 1, 2 or 5 × 10^k, about 6 ticks. */
  static double[] niceRange(double min, double max) {
    if (!(max > min)) {
      double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
      min -= pad;
      max += pad;
    }
    double raw = (max - min) / 6;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    return new double[] {Math.floor(min / step) * step, Math.ceil(max / step) * step, step};
  }

  /** A nice range whose step is a whole number, for an axis of counts. */
  static double[] integerRange(double[] range) {
    double step = Math.max(1, Math.ceil(range[2]));
    return new double[] {Math.floor(range[0] / step) * step, Math.ceil(range[1] / step) * step, step};
  }

  private static List<Double> ticks(double[] range) {
    List<Double> out = new ArrayList<>();
    for (double t = range[0]; t <= range[1] + range[2] / 2; t += range[2]) {
      out.add(Math.abs(t) < range[2] * 1e-9 ? 0 : t);
    }
    return out;
  }

  private static String format(double v, double step) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
