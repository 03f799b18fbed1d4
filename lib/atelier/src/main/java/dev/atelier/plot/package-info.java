/**
 * Figures for the notebooks: {@link dev.atelier.plot.LinePlot} (loss curves, smoothing, log axis),
 * {@link dev.atelier.plot.Heatmap} and {@link dev.atelier.plot.HeatmapGrid} (attention maps with
 * token labels and one shared colour scale), {@link dev.atelier.plot.ScatterPlot} (labelled word
 * vector maps) and {@link dev.atelier.plot.BarChart} (top-k next-token probabilities). Each is a
 * basekernel {@code DisplayDataRenderable}: returning one from a cell shows it, under our kernel and
 * under IJava alike.
 *
 * <h2>Rendering strategy: a picture in every viewer</h2>
 * <ol>
 *   <li><b>Static picture first.</b> Every figure is drawn with JFreeChart (headless AWT) into a PNG
 *       (1.5 device pixels per CSS pixel, stored with a 256-colour palette when that loses nothing
 *       visible: 10-45 kB). It goes into the display bundle as {@code image/png} (PDF export, plain
 *       viewers) and into the {@code text/html} as an {@code <img>} that comes before any script.
 *       GitHub, nbviewer, untrusted notebooks (whose scripts Jupyter strips) and pages with
 *       JavaScript off therefore show this image.</li>
 *   <li><b>Interactive figure on top.</b> The same figure is specified with tablesaw-jsplot (traces,
 *       axes, layout), plus a small JSON patch for what tablesaw-jsplot does not model (all text,
 *       colour scales, hover templates; user text never passes through its templates). When the
 *       figure's script runs it asks the page's loader for plotly.js, draws into a hidden div,
 *       shows it and hides the image; on any failure the image stays and a one-line note says
 *       why.</li>
 *   <li><b>plotly.js once per kernel session, never from a network.</b> The webjar
 *       {@code org.webjars.npm:plotly.js-dist} holds only the unminified 10.8 MB file; it is
 *       gzip-compressed and base64-encoded (3.2 MB) once per JVM and put into the first figure
 *       rendered in the session ({@link dev.atelier.plot.PlotlyJs}); later figures carry a 3 kB
 *       loader only. The browser unpacks it with {@code DecompressionStream} and evaluates it with
 *       {@code define}/{@code module}/{@code exports}/{@code require} shadowed, so its UMD header sets
 *       {@code window.Plotly} both under the classic Notebook's RequireJS (where it would otherwise
 *       register an anonymous AMD module) and in JupyterLab or an nbconvert page without it.</li>
 *   <li><b>When the output carrying the library is gone</b> (cleared or re-executed, then the page
 *       reloaded): figures wait 1.5 s for a library output rendered later (JupyterLab may render
 *       outputs out of order), then use the copy the loader cached in the browser's IndexedDB, then
 *       keep the static image with a note suggesting {@link dev.atelier.plot.PlotlyJs#includeAgain()}.
 *       A kernel restart starts a new session, so the next figure carries the library again.</li>
 * </ol>
 * Verified in headless Chromium by the tests: nbconvert's HTML export opened from disk with every
 * http(s) request blocked, the classic Notebook server (trusted: drawn under RequireJS; untrusted:
 * static images), and the cache and ordering cases. JupyterLab is not installable here (Debian 12
 * has no package) and was not tested in a browser.
 *
 * <h2>Bad input</h2>
 * Wrong shapes (series of different lengths, label counts not matching a matrix, ragged or empty
 * matrices) throw {@link java.lang.IllegalArgumentException} naming the figure, the series or axis,
 * and the sizes; a figure with nothing to draw throws {@link java.lang.IllegalStateException} when
 * shown. NaN and infinite values are drawn as gaps (blank cells, missing bars, left-out points) and
 * reported by {@link dev.atelier.plot.Figure#warnings()}, which the text view, the HTML and the
 * static picture all print.
 */
package dev.atelier.plot;
