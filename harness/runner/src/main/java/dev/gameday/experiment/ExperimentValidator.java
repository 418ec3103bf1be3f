package dev.gameday.experiment;

import dev.gameday.check.Checkers;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks Jackson's binding cannot do: required fields, ranges, and references between parts of
 * the file (a target's AZ must be one of the cluster's AZs, a fault must end inside its phase, ...).
 * Every problem is reported with the JSON pointer of the field, which the collector turns into a line.
 */
public final class ExperimentValidator {
    /** Names become directory and container names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** DynamoDB's item size limit. */
    private static final int MAX_ITEM_BYTES = 400 * 1024;
    /** A canary is a probe, not a load test; this also bounds a typo like 100000. */
    private static final double MAX_RATE_PER_AZ = 10_000;
    /** A few heartbeat rounds are what a quiet moment needs; longer only starves the checkers of writes. */
    private static final Duration MAX_QUIET_BEFORE = Duration.ofSeconds(30);

    private final ProblemCollector problems;
    /**
     * Whether node names follow from the shape ({@link ClusterShape#storageNodeNames}): the Gameday store's do;
     * another system's members are named by its adapter's topology, which the planner checks targets against.
     */
    private final boolean nodeNamesFromShape;

    private ExperimentValidator(ProblemCollector problems, boolean nodeNamesFromShape) {
        this.problems = problems;
        this.nodeNamesFromShape = nodeNamesFromShape;
    }

    public static void validate(Experiment e, ProblemCollector problems) {
        new ExperimentValidator(problems, Experiment.DEFAULT_SYSTEM.equals(e.system())).experiment(e);
    }

    private void experiment(Experiment e) {
        if (!NAME.matcher(e.name()).matches()) {
            problems.add("/name", "name '" + e.name() + "' must be letters, digits, '.', '_' or '-'");
        }
        if (e.seed() == null) {
            problems.add("/seed", "missing: the seed makes target choice reproducible; pick any number");
        }
        boolean clusterOk = e.cluster() != null && cluster(e.cluster());
        if (e.cluster() == null) {
            problems.add("/cluster", "missing");
        }
        if (e.workload() == null) {
            problems.add("/workload", "missing");
        } else {
            workload(e.workload(), clusterOk ? e.cluster() : null);
        }
        if (e.schedule() == null || e.schedule().isEmpty()) {
            problems.add("/schedule", "missing: list at least one phase");
        } else {
            schedule(e.schedule(), clusterOk ? e.cluster() : null);
        }
        if (e.hypothesis() == null) {
            problems.add("/hypothesis", "missing: say what steady state the experiment expects");
        } else {
            hypothesis(e.hypothesis());
        }
        for (int i = 0; i < e.stopConditions().size(); i++) {
            if (present("/stopConditions/" + i, e.stopConditions().get(i))) {
                stopCondition("/stopConditions/" + i, e.stopConditions().get(i));
            }
        }
        availability(e.availability());
        checkers(e.checkers());
    }

    private void checkers(List<CheckerSpec> checkers) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < checkers.size(); i++) {
            CheckerSpec spec = checkers.get(i);
            String at = "/checkers/" + i;
            if (!present(at, spec)) {
                continue;
            }
            String problem = Checkers.problemWith(spec);
            if (problem != null) {
                problems.add(
                        spec.model() != null && Checkers.NAMES.contains(spec.name())
                                ? at + "/" + spec.name() + "/model"
                                : at,
                        problem);
            } else if (!seen.add(spec.name())) {
                // Each checker fills its own results.json fields; two of one kind would write them twice.
                problems.add(at, "checker " + spec.name() + " is listed twice");
            }
        }
    }

    /** Returns whether the shape is complete enough to check references against. */
    private boolean cluster(ClusterShape c) {
        int before = problems.size();
        if (c.azs() == null || c.azs().isEmpty()) {
            problems.add("/cluster/azs", "missing: list the availability zones, e.g. [az1, az2, az3]");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < c.azs().size(); i++) {
                String az = c.azs().get(i);
                if (az == null || !NAME.matcher(az).matches()) {
                    problems.add("/cluster/azs/" + i, "AZ name '" + az + "' must be letters, digits, '.', '_' or '-'");
                } else if (!seen.add(az)) {
                    problems.add("/cluster/azs/" + i, "AZ '" + az + "' is listed twice");
                }
            }
        }
        atLeast("/cluster/storageNodesPerAz", c.storageNodesPerAz(), 1);
        atLeast("/cluster/routersPerAz", c.routersPerAz(), 1);
        if (c.scrubEvery() != null && c.scrubEvery().isZero()) {
            problems.add("/cluster/scrubEvery", "must be longer than 0 (leave it out for a scrub only after healing)");
        }
        if (!List.of(ClusterShape.DIRECT, ClusterShape.THROUGH_FAULT_PROXY).contains(c.nodeLinks())) {
            problems.add(
                    "/cluster/nodeLinks",
                    "unknown '" + c.nodeLinks() + "'; one of " + ClusterShape.DIRECT + ", "
                            + ClusterShape.THROUGH_FAULT_PROXY);
        }
        if (c.tables() == null || c.tables().isEmpty()) {
            problems.add("/cluster/tables", "missing: list at least one table with its partitions");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < c.tables().size(); i++) {
                ClusterShape.TableSpec t = c.tables().get(i);
                String at = "/cluster/tables/" + i;
                if (!present(at, t)) {
                    continue;
                }
                if (t.name() == null) {
                    problems.add(at + "/name", "missing");
                } else if (!seen.add(t.name())) {
                    problems.add(at + "/name", "table '" + t.name() + "' is listed twice");
                }
                atLeast(at + "/partitions", t.partitions(), 1);
            }
        }
        return problems.size() == before;
    }

    private void workload(Workload w, ClusterShape cluster) {
        if (w.table() == null) {
            problems.add("/workload/table", "missing: the table the canary writes to");
        } else if (cluster != null && cluster.table(w.table()) == null) {
            problems.add("/workload/table", "table '" + w.table() + "' is not one of cluster.tables");
        }
        if (w.ratePerAz() == null) {
            problems.add("/workload/ratePerAz", "missing: canary ops per second from each AZ");
        } else if (!(w.ratePerAz() > 0 && w.ratePerAz() <= MAX_RATE_PER_AZ)) {
            problems.add(
                    "/workload/ratePerAz",
                    "must be above 0 and at most " + (int) MAX_RATE_PER_AZ + " ops/s, was " + w.ratePerAz());
        }
        atLeast("/workload/registerKeys", w.registerKeys(), 1);
        ClusterShape.TableSpec canaryTable = cluster == null || w.table() == null ? null : cluster.table(w.table());
        if (canaryTable != null
                && canaryTable.partitions() != null
                && w.registerKeys() != null
                && w.registerKeys() >= 1
                && w.registerKeys() < canaryTable.partitions()) {
            problems.add(
                    "/workload/registerKeys",
                    "must be at least the " + canaryTable.partitions() + " partitions of table '" + w.table()
                            + "', was " + w.registerKeys()
                            + ": a partition without a hot register never has a read checked for linearizability");
        }
        if (w.mix() == null) {
            problems.add("/workload/mix", "missing: weights of read, write, cas and uniqueWrite");
        } else {
            Workload.Mix m = w.mix();
            notNegative("/workload/mix/read", m.read());
            notNegative("/workload/mix/write", m.write());
            notNegative("/workload/mix/cas", m.cas());
            notNegative("/workload/mix/uniqueWrite", m.uniqueWrite());
            if (m.total() <= 0) {
                problems.add("/workload/mix", "at least one weight must be above 0");
            }
        }
        if (w.itemBytes() == null) {
            problems.add("/workload/itemBytes", "missing: {min: ..., max: ...} payload size in bytes");
        } else {
            Workload.ItemBytes b = w.itemBytes();
            atLeast("/workload/itemBytes/min", b.min(), 1);
            atLeast("/workload/itemBytes/max", b.max(), 1);
            if (b.max() != null && b.max() > MAX_ITEM_BYTES) {
                problems.add(
                        "/workload/itemBytes/max", "must be at most " + MAX_ITEM_BYTES + " (400 KB), was " + b.max());
            }
            if (b.min() != null && b.max() != null && b.min() > b.max()) {
                problems.add("/workload/itemBytes/min", "min " + b.min() + " is above max " + b.max());
            }
        }
    }

    private void schedule(List<Phase> phases, ClusterShape cluster) {
        sameClocks(phases);
        Set<String> names = new HashSet<>();
        for (int p = 0; p < phases.size(); p++) {
            Phase phase = phases.get(p);
            String at = "/schedule/" + p;
            if (!present(at, phase)) {
                continue;
            }
            if (phase.name() == null) {
                problems.add(at + "/name", "missing");
            } else if (!names.add(phase.name())) {
                problems.add(at + "/name", "phase '" + phase.name() + "' is listed twice");
            }
            positive(at + "/duration", phase.duration());
            if (phase.generate() != null) {
                if (!phase.faults().isEmpty()) {
                    problems.add(at + "/generate", "a phase either lists its faults or generates them, not both");
                }
                generate(at + "/generate", phase, cluster);
            }
            for (int f = 0; f < phase.faults().size(); f++) {
                if (present(at + "/faults/" + f, phase.faults().get(f))) {
                    fault(at + "/faults/" + f, phase.faults().get(f), phase, cluster);
                }
            }
        }
    }

    /** The generate block; each kind is checked as the fault it becomes, against this cluster. */
    private void generate(String at, Phase phase, ClusterShape cluster) {
        GenerateSpec g = phase.generate();
        if (g.faults() == null || g.faults().isEmpty()) {
            problems.add(
                    at + "/faults",
                    "missing: fault kinds and their weights, e.g. {power-off: 2, pause: 1}; kinds: "
                            + GeneratedKind.names());
        } else {
            int total = 0;
            for (var entry : g.faults().entrySet()) {
                String kindAt = at + "/faults/" + entry.getKey();
                GeneratedKind kind = GeneratedKind.named(entry.getKey());
                if (kind == null) {
                    problems.add(
                            kindAt, "unknown fault kind '" + entry.getKey() + "'; kinds: " + GeneratedKind.names());
                    continue;
                }
                if (entry.getValue() == null || entry.getValue() < 0) {
                    problems.add(kindAt, "weight must be a number of at least 0, was " + entry.getValue());
                    continue;
                }
                total += entry.getValue();
                if (g.keepQuorum() && kind.quorum() == GeneratedKind.QuorumImpact.ALL) {
                    problems.add(
                            kindAt,
                            kind.name() + " can leave a replication group without a majority that talks;"
                                    + " it needs keepQuorum: false");
                }
                if (cluster != null && phase.duration() != null && entry.getValue() > 0) {
                    String target = switch (kind.aims()) {
                        case ONE_NODE -> cluster.storageNodeNames().get(0);
                        case ONE_AZ -> cluster.azs().get(0);
                        case NO_TARGET -> null;
                    };
                    FaultSpec example =
                            kind.fault(target == null ? null : kind.target(target), Duration.ZERO, phase.duration());
                    fault(kindAt, example, phase, cluster);
                }
            }
            if (total <= 0) {
                problems.add(at + "/faults", "at least one weight must be above 0");
            }
        }
        range(at + "/duration", g.duration());
        range(at + "/gap", g.gap());
        atLeast(at + "/maxConcurrent", g.maxConcurrent(), 1);
        if (g.duration() != null
                && g.gap() != null
                && g.gap().min() != null
                && g.duration().min() != null
                && phase.duration() != null
                && g.gap().min().plus(g.duration().min()).compareTo(phase.duration()) > 0) {
            problems.add(
                    at + "/duration",
                    "no fault fits: the shortest gap and fault ("
                            + DurationText.format(
                                    g.gap().min().plus(g.duration().min())) + ") are longer than phase '" + phase.name()
                            + "' ("
                            + DurationText.format(phase.duration()) + ")");
        }
    }

    private void range(String at, GenerateSpec.Range r) {
        if (r == null) {
            problems.add(at, "missing: {min: ..., max: ...}");
            return;
        }
        positive(at + "/min", r.min());
        positive(at + "/max", r.max());
        if (r.min() != null && r.max() != null && r.min().compareTo(r.max()) > 0) {
            problems.add(
                    at + "/min",
                    "min " + DurationText.format(r.min()) + " is above max " + DurationText.format(r.max()));
        }
    }

    private void fault(String at, FaultSpec fault, Phase phase, ClusterShape cluster) {
        if (fault.type() == null) {
            problems.add(at + "/type", "missing: one of " + List.of(FaultType.values()));
        }
        if (fault.at() == null) {
            problems.add(at + "/at", "missing: offset from the start of phase '" + phase.name() + "'");
        }
        positive(at + "/duration", fault.duration());
        if (fault.quietBefore() != null
                && (fault.quietBefore().isNegative()
                        || fault.quietBefore().isZero()
                        || fault.quietBefore().compareTo(MAX_QUIET_BEFORE) > 0)) {
            problems.add(
                    at + "/quietBefore",
                    "must be above 0 and at most " + DurationText.format(MAX_QUIET_BEFORE) + ", was "
                            + DurationText.format(fault.quietBefore()));
        }
        if (fault.at() != null
                && fault.duration() != null
                && phase.duration() != null
                && fault.at().plus(fault.duration()).compareTo(phase.duration()) > 0) {
            problems.add(
                    at + "/duration",
                    "fault ends at " + DurationText.format(fault.at().plus(fault.duration()))
                            + ", after its phase '" + phase.name() + "' ends at "
                            + DurationText.format(phase.duration())
                            + ": every fault must heal inside its phase");
        }
        detailMatchesType(at, fault);
        String noTargetBecause = Arrays.stream(FaultType.values())
                .map(t -> t.fault().noTargetBecause(fault))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (noTargetBecause != null) {
            if (fault.target() != null) {
                problems.add(at + "/target", noTargetBecause);
            }
        } else if (fault.target() == null) {
            problems.add(at + "/target", "missing: node, az, random or partitionLeader");
        } else if (cluster != null) {
            target(at + "/target", fault.target(), cluster);
        }
        if (cluster != null && fault.type() != null) {
            fault.type().fault().validate(at, fault, cluster, problems);
        }
    }

    /**
     * Every clock fault of an experiment moves the same clocks: a node's clock library is told when the node boots
     * whether it may move the monotonic clock, and a fault's targets may only be known when it starts.
     */
    private void sameClocks(List<Phase> phases) {
        ClockSpec.Clocks first = null;
        String firstAt = null;
        for (int p = 0; p < phases.size(); p++) {
            List<FaultSpec> faults =
                    phases.get(p) == null ? List.of() : phases.get(p).faults();
            for (int f = 0; f < faults.size(); f++) {
                FaultSpec fault = faults.get(f);
                if (fault == null || fault.clock() == null) {
                    continue;
                }
                String at = "/schedule/" + p + "/faults/" + f + "/clock/clocks";
                if (first == null) {
                    first = fault.clock().clocks();
                    firstAt = at;
                } else if (fault.clock().clocks() != first) {
                    problems.add(
                            at,
                            "every clock fault of an experiment moves the same clocks (nodes are booted for"
                                    + " them), but this one says "
                                    + fault.clock().clocks().yamlName() + " and " + firstAt
                                    + " says " + first.yamlName());
                }
            }
        }
    }

    /** A fault type's detail block (partition, link, corrupt, clock) belongs to it, and that type needs its own. */
    private void detailMatchesType(String at, FaultSpec fault) {
        for (FaultType owner : FaultType.values()) {
            String field = owner.fault().detailField();
            if (field != null) {
                detail(at + "/" + field, field, owner.fault().detail(fault), fault.type(), owner);
            }
        }
    }

    private void detail(String at, String field, Object detail, FaultType type, FaultType owner) {
        if (type == owner && detail == null) {
            problems.add(at, "missing: a " + owner + " fault says " + field + ": {...}, see the experiments README");
        } else if (type != null && type != owner && detail != null) {
            problems.add(at, "only a " + owner + " fault takes this field; this fault is a " + type);
        }
    }

    private void target(String at, TargetSpec t, ClusterShape cluster) {
        if (t.selectorCount() != 1) {
            problems.add(at, "set exactly one of node, az, random, partitionLeader (found " + t.selectorCount() + ")");
            return;
        }
        switch (t.kind()) {
            case NODE -> {
                if (nodeNamesFromShape && !cluster.storageNodeNames().contains(t.node())) {
                    problems.add(
                            at + "/node",
                            "no storage node '" + t.node() + "'; nodes are " + cluster.storageNodeNames());
                }
            }
            case AZ -> knownAz(at + "/az", t.az(), cluster);
            case RANDOM -> random(at + "/random", t.random(), cluster);
            case PARTITION_LEADER -> partitionLeader(at + "/partitionLeader", t.partitionLeader(), cluster);
        }
    }

    private void random(String at, TargetSpec.RandomNodes r, ClusterShape cluster) {
        int inScope =
                cluster.storageNodesPerAz() * (r.az() == null ? cluster.azs().size() : 1);
        if (r.az() != null) {
            knownAz(at + "/az", r.az(), cluster);
        }
        if ((r.count() == null) == (r.percent() == null)) {
            problems.add(at, "set exactly one of count or percent");
        } else if (r.count() != null) {
            if (r.count() < 1 || r.count() > inScope) {
                problems.add(
                        at + "/count",
                        "count " + r.count() + " must be between 1 and the " + inScope + " storage nodes "
                                + (r.az() == null ? "of the cluster" : "of " + r.az()));
            }
        } else if (r.percent() < 1 || r.percent() > 100) {
            problems.add(at + "/percent", "percent " + r.percent() + " must be between 1 and 100");
        }
    }

    private void partitionLeader(String at, TargetSpec.PartitionLeader leader, ClusterShape cluster) {
        ClusterShape.TableSpec table = leader.table() == null ? null : cluster.table(leader.table());
        if (table == null) {
            problems.add(at + "/table", "table '" + leader.table() + "' is not one of cluster.tables");
        }
        if (leader.partition() == null) {
            problems.add(at + "/partition", "missing");
        } else if (table != null && (leader.partition() < 0 || leader.partition() >= table.partitions())) {
            problems.add(
                    at + "/partition",
                    "partition " + leader.partition() + " does not exist: table '" + table.name()
                            + "' has partitions 0.." + (table.partitions() - 1));
        }
    }

    private void hypothesis(Hypothesis h) {
        ratio("/hypothesis/successRatio", h.successRatio());
        if (h.recovery() == null) {
            problems.add("/hypothesis/recovery", "missing: how soon after a fault ends the steady state must be back");
        }
    }

    private void stopCondition(String at, StopCondition s) {
        ratio(at + "/successRatioBelow", s.successRatioBelow());
        positive(at + "/for", s.forAtLeast());
    }

    private void availability(AvailabilitySpec a) {
        positive("/availability/window", a.window());
        ratio("/availability/alarmErrorRatio", a.alarmErrorRatio());
        atLeast("/availability/alarmWindows", a.alarmWindows(), 1);
    }

    private void knownAz(String at, String az, ClusterShape cluster) {
        if (!cluster.hasAz(az)) {
            problems.add(at, "unknown AZ '" + az + "'; the cluster's AZs are " + cluster.azs());
        }
    }

    private boolean present(String at, Object entry) {
        return FieldChecks.present(problems, at, entry);
    }

    private void ratio(String at, Double value) {
        FieldChecks.ratio(problems, at, value);
    }

    private void positive(String at, Duration d) {
        if (d == null) {
            problems.add(at, "missing: a duration such as 30s");
        } else if (d.isZero()) {
            problems.add(at, "must be longer than 0");
        }
    }

    private void atLeast(String at, Integer value, int min) {
        if (value == null) {
            problems.add(at, "missing: a number of at least " + min);
        } else if (value < min) {
            problems.add(at, "must be at least " + min + ", was " + value);
        }
    }

    private void notNegative(String at, Integer value) {
        if (value != null && value < 0) {
            problems.add(at, "weight must not be negative, was " + value);
        }
    }
}
