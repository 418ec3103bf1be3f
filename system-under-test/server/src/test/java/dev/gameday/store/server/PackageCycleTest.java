package dev.gameday.store.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The server's packages must stay layered: in a package cycle neither side can be read, tested or changed
 * without the other (issue 16 broke node with router, scrub and archive, and StoreMain with cli and local). Reads
 * the compiled classes with the JDK's jdeps, the tool the README's package map was measured with, so it needs no
 * library and sees every reference the bytecode has (field and parameter types, calls, casts).
 */
class PackageCycleTest {
    private static final String ROOT = "dev.gameday.store.server";
    /** One line of {@code jdeps -verbose:class}: {@code   from.Class   -> to.Class   location}. */
    private static final Pattern CLASS_DEPENDENCY = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    @Test
    void serverPackagesHaveNoCycle() throws Exception {
        Map<String, Map<String, String>> graph = packageGraph();
        // Guards against a check that passes because jdeps read nothing (wrong directory, changed output format).
        assertTrue(
                graph.containsKey("node") && graph.size() >= 10,
                "jdeps reported too few server packages for the check to mean anything: " + graph.keySet());
        List<String> cycles = cycles(graph);
        assertTrue(
                cycles.isEmpty(),
                "package cycles in the store server (break them: move the class to the package "
                        + "whose concept it is, or let the lower package define an interface the higher one implements):\n"
                        + String.join("\n", cycles));
    }

    /** The cycle search itself must be able to see one, or the test above could pass for the wrong reason. */
    @Test
    void cycleSearchNamesEachCycleWithItsClasses() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        graph.put("a", Map.of("b", "a.A -> b.B"));
        graph.put("b", Map.of("c", "b.B -> c.C"));
        graph.put("c", Map.of("a", "c.C -> a.A", "d", "c.C -> d.D"));
        graph.put("d", Map.of());
        assertEquals(List.of("a -> b -> c -> a  (a.A -> b.B; b.B -> c.C; c.C -> a.A)"), cycles(graph));
        graph.put("d", Map.of("b", "d.D -> b.B"));
        assertEquals(
                List.of("a -> b -> c -> a  (a.A -> b.B; b.B -> c.C; c.C -> a.A); also in cycles with these: d"),
                cycles(graph));
        graph.put("c", Map.of("d", "c.C -> d.D"));
        graph.put("d", Map.of());
        assertEquals(List.of(), cycles(graph));
    }

    /**
     * Package to the server packages it uses, each with one class dependency that makes the edge (for the message).
     * Names are relative to {@value #ROOT}, whose own package is {@code (root)}. Dependencies inside a package are
     * left out; so are tests, which are not in the classes directory.
     */
    private static Map<String, Map<String, String>> packageGraph() throws Exception {
        Path classes = Path.of(StoreMain.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() ->
                        new IllegalStateException("this JVM has no jdeps (module jdk.jdeps); run the tests on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(
                new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none", classes.toString());
        assertEquals(0, code, "jdeps " + classes + " failed: " + err);
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = CLASS_DEPENDENCY.matcher(line);
            if (!m.find() || !isServerClass(m.group(1)) || !isServerClass(m.group(2))) {
                continue;
            }
            String fromClass = m.group(1).substring(ROOT.length() + 1);
            String toClass = m.group(2).substring(ROOT.length() + 1);
            String from = packageOf(fromClass);
            String to = packageOf(toClass);
            graph.computeIfAbsent(from, p -> new TreeMap<>());
            graph.computeIfAbsent(to, p -> new TreeMap<>());
            if (!from.equals(to)) {
                graph.get(from).putIfAbsent(to, fromClass + " -> " + toClass);
            }
        }
        return graph;
    }

    private static boolean isServerClass(String className) {
        return className.startsWith(ROOT + ".");
    }

    private static String packageOf(String relativeClassName) {
        int dot = relativeClassName.lastIndexOf('.');
        return dot < 0 ? "(root)" : relativeClassName.substring(0, dot);
    }

    /**
     * One line per group of packages that reach each other (a strongly connected component of more than one
     * package): its shortest cycle through the group's first package, with the class dependency behind each edge,
     * and the group's other packages, which take part in longer cycles.
     */
    static List<String> cycles(Map<String, Map<String, String>> graph) {
        List<String> lines = new ArrayList<>();
        for (Set<String> group : stronglyConnected(graph)) {
            if (group.size() < 2) {
                continue;
            }
            List<String> path = shortestCycle(graph, group, group.iterator().next());
            List<String> why = new ArrayList<>();
            for (int i = 0; i + 1 < path.size(); i++) {
                why.add(graph.get(path.get(i)).get(path.get(i + 1)));
            }
            Set<String> others = new TreeSet<>(group);
            others.removeAll(path);
            lines.add(String.join(" -> ", path) + "  (" + String.join("; ", why) + ")"
                    + (others.isEmpty() ? "" : "; also in cycles with these: " + String.join(", ", others)));
        }
        return lines;
    }

    /** Tarjan's algorithm: the graph's strongly connected components, each sorted. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> lowLink = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                visit(node, graph, index, lowLink, stack, groups);
            }
        }
        return groups;
    }

    private static void visit(
            String node,
            Map<String, Map<String, String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> lowLink,
            Deque<String> stack,
            List<Set<String>> groups) {
        index.put(node, index.size());
        lowLink.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.get(node).keySet()) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, lowLink, stack, groups);
                lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
            } else if (stack.contains(next)) {
                lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
            }
        }
        if (lowLink.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                group.add(member);
            } while (!member.equals(node));
            groups.add(group);
        }
    }

    /** Breadth-first from {@code start} within the group back to {@code start}: start, ..., start. */
    private static List<String> shortestCycle(Map<String, Map<String, String>> graph, Set<String> group, String start) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : graph.get(node).keySet()) {
                if (next.equals(start)) {
                    Deque<String> path = new ArrayDeque<>(List.of(start));
                    // Walks back to start, the one package with no predecessor in cameFrom.
                    for (String at = node; at != null; at = cameFrom.get(at)) {
                        path.addFirst(at);
                    }
                    return List.copyOf(path);
                }
                if (group.contains(next) && !cameFrom.containsKey(next)) {
                    cameFrom.put(next, node);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException(start + " is in a strongly connected group, so a cycle must return to it");
    }
}
