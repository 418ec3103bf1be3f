package dev.gameday.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one system did in one {@link BenchmarkPhase}, and how figures of several systems are printed side by side.
 *
 * @param answered       calls the system answered: {@code ok}, and a CAS whose compare was false (a correct answer)
 * @param errors         calls it did not answer (timeouts, refused connections, 5xx, ...)
 * @param compareFalse   of {@code answered}, the CAS calls whose compare was false
 * @param seconds        how long the phase ran
 * @param p50Millis      median latency of the answered calls
 * @param clientCpuMillisPerCall the harness JVM's CPU time per call (the clients share the machine with the system)
 * @param systemCpuMillisPerCall the CPU time the system's containers spent per call, by role (the fault proxy's
 *                               path included: every system's clients go through it), from snapshots just before
 *                               and after the phase
 * @param loadAverage    the machine's 1-minute load average at the phase's end
 */
public record BenchmarkFigures(
        String system,
        String op,
        BenchmarkPhase.Load load,
        long answered,
        long errors,
        long compareFalse,
        double seconds,
        double p50Millis,
        double p99Millis,
        double clientCpuMillisPerCall,
        Map<String, Double> systemCpuMillisPerCall,
        double loadAverage) {

    public BenchmarkFigures {
        systemCpuMillisPerCall = Map.copyOf(systemCpuMillisPerCall);
    }

    /** The CPU time all of the system's containers spent per call. */
    public double systemCpuMillisPerCallInAll() {
        return systemCpuMillisPerCall.isEmpty()
                ? Double.NaN
                : systemCpuMillisPerCall.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum();
    }

    /** E.g. {@code fault-proxy 0.21, store-server node 4.10, store-server router 2.02} (ms per call), by role name. */
    public String systemCpuByRole() {
        return systemCpuMillisPerCall.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Answered calls per second. */
    public double throughput() {
        return seconds > 0 ? answered / seconds : Double.NaN;
    }

    /** {@code a / b}, or NaN when either is not a number or {@code b} is 0: no ratio to print. */
    static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /**
     * One table per op type: a row per system and load, then for each load a ratio row of the first system to each
     * other one (throughput, p50, p99: above 1.0x is more throughput but slower calls). Systems in the order given;
     * a system without figures for a phase (it failed to boot) is left out of that phase.
     */
    public static String table(List<BenchmarkFigures> figures, List<String> systems) {
        // The name column fits the longest row name: a system, or "first/other" on a ratio row.
        int names = 20;
        for (int i = 0; i < systems.size(); i++) {
            String row = i == 0 ? systems.get(0) : systems.get(0) + "/" + systems.get(i);
            names = Math.max(names, row.length());
        }
        String name = "%-" + names + "s";
        StringBuilder text = new StringBuilder();
        for (String op : BenchmarkPhase.OPS) {
            text.append(String.format(
                    Locale.ROOT,
                    "%n%-" + (names + 2) + "s %-12s %10s %9s %9s %7s %12s%s%n",
                    op,
                    "load",
                    "calls/s",
                    "p50 ms",
                    "p99 ms",
                    "errors",
                    "CPU ms/call",
                    op.equals("cas") ? "   compare false" : ""));
            for (BenchmarkPhase.Load load : BenchmarkPhase.Load.values()) {
                List<BenchmarkFigures> rows = new ArrayList<>();
                for (String system : systems) {
                    find(figures, system, op, load).ifPresent(rows::add);
                }
                for (BenchmarkFigures f : rows) {
                    text.append(String.format(
                            Locale.ROOT,
                            "  " + name + " %-12s %10.1f %9.1f %9.1f %7d %12.2f%s%n",
                            f.system(),
                            load.label,
                            f.throughput(),
                            f.p50Millis(),
                            f.p99Millis(),
                            f.errors(),
                            f.systemCpuMillisPerCallInAll(),
                            op.equals("cas")
                                    ? String.format(
                                            Locale.ROOT,
                                            "   %.0f%%",
                                            100.0 * f.compareFalse() / Math.max(1, f.answered()))
                                    : ""));
                }
                for (int i = 1; i < rows.size(); i++) {
                    BenchmarkFigures first = rows.get(0);
                    BenchmarkFigures other = rows.get(i);
                    text.append(String.format(
                            Locale.ROOT,
                            "  " + name + " %-12s %10s %9s %9s %7s %12s%n",
                            first.system() + "/" + other.system(),
                            load.label,
                            times(ratio(first.throughput(), other.throughput())),
                            times(ratio(first.p50Millis(), other.p50Millis())),
                            times(ratio(first.p99Millis(), other.p99Millis())),
                            "",
                            times(ratio(first.systemCpuMillisPerCallInAll(), other.systemCpuMillisPerCallInAll()))));
                }
            }
        }
        return text.toString();
    }

    /** The figures as tab-separated lines with a header, for a spreadsheet or a later comparison. */
    public static String tsv(List<BenchmarkFigures> figures) {
        StringBuilder text = new StringBuilder(
                "system\top\tload\tanswered\terrors\tcompare_false\tseconds\tcalls_per_s\tp50_ms\tp99_ms"
                        + "\tclient_cpu_ms_per_call\tsystem_cpu_ms_per_call\tsystem_cpu_ms_per_call_by_role\tload_average\n");
        for (BenchmarkFigures f : figures) {
            text.append(String.format(
                    Locale.ROOT,
                    "%s\t%s\t%s\t%d\t%d\t%d\t%.1f\t%.1f\t%.2f\t%.2f\t%.3f\t%.3f\t%s\t%.2f%n",
                    f.system(),
                    f.op(),
                    f.load().name().toLowerCase(Locale.ROOT),
                    f.answered(),
                    f.errors(),
                    f.compareFalse(),
                    f.seconds(),
                    f.throughput(),
                    f.p50Millis(),
                    f.p99Millis(),
                    f.clientCpuMillisPerCall(),
                    f.systemCpuMillisPerCallInAll(),
                    f.systemCpuByRole(),
                    f.loadAverage()));
        }
        return text.toString();
    }

    private static Optional<BenchmarkFigures> find(
            List<BenchmarkFigures> figures, String system, String op, BenchmarkPhase.Load load) {
        return figures.stream()
                .filter(f -> f.system().equals(system) && f.op().equals(op) && f.load() == load)
                .findFirst();
    }
}
