package dev.gameday.report.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A page that opens offline: its template (a resource of this package), uPlot's script and style read from the
 * uPlot webjar on the classpath, the style and helpers both pages share (page.css, page.js), and the page's data
 * as inlined JSON. The template marks where each goes with {@code {{TITLE}}}, {@code {{UPLOT_CSS}}},
 * {@code {{UPLOT_JS}}}, {@code {{PAGE_CSS}}}, {@code {{PAGE_JS}}} and {@code {{DATA}}}.
 */
final class HtmlPage {
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private HtmlPage() {}

    /** Writes the page atomically: a browser or CI artifact collector never sees half of it. */
    static Path write(Path file, String template, String title, Object data) throws IOException {
        String html = render(template, title, data);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static String render(String template, String title, Object data) throws IOException {
        String dataJson = new ObjectMapper()
                .writeValueAsString(data)
                // Inside <script>, "</script>" or "<!--" in a value would end or confuse the element; JSON allows
                // the escaped form anywhere a "<" can appear (only in strings).
                .replace("<", "\\u003c");
        // Plain replace, not regex: uPlot's code is full of "$" and "\".
        return resource(template)
                .replace("{{TITLE}}", escape(title))
                .replace("{{UPLOT_CSS}}", UplotAssets.CSS)
                .replace("{{UPLOT_JS}}", UplotAssets.JS)
                .replace("{{PAGE_CSS}}", resource("page.css"))
                .replace("{{PAGE_JS}}", resource("page.js"))
                .replace("{{DATA}}", dataJson);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource missing from the classpath: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** uPlot's minified script and style, read once; the webjar's version is found in its pom.properties. */
    private static final class UplotAssets {
        static final String JS;
        static final String CSS;

        static {
            try {
                Properties pom = new Properties();
                try (InputStream in = HtmlPage.class.getResourceAsStream(UPLOT_POM)) {
                    if (in == null) {
                        throw new IOException("the uPlot webjar is not on the classpath (" + UPLOT_POM + ")");
                    }
                    pom.load(in);
                }
                String dist = "/META-INF/resources/webjars/uplot/" + pom.getProperty("version") + "/dist/";
                JS = resource(dist + "uPlot.iife.min.js").replace("</script", "<\\/script");
                CSS = resource(dist + "uPlot.min.css");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
