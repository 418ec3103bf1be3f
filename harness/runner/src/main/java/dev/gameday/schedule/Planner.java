package dev.gameday.schedule;

import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.Phase;
import dev.gameday.experiment.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Turns an experiment into a {@link FaultPlan} for a topology. All randomness comes from one
 * {@link Random} seeded with the experiment's seed and consumed in a fixed order (faults by start
 * time, then declaration), so the same file and seed always give the same plan.
 *
 * <p>Two faults that overlap in time never hit the same node: a random target is drawn from the
 * nodes not already faulted at that time (unless it sets {@code allowOverlap}), and a named node or
 * AZ that is already faulted is an error in the file. (Partition leaders are only known at run time
 * and are not checked here.)
 */
public final class Planner {

    private Planner() {}

    public static FaultPlan plan(LoadedExperiment loaded, Topology topology) throws ExperimentException {
        Experiment experiment = loaded.experiment();
        LoadedExperiment.ProblemCollector problems = loaded.problems();
        List<FaultPlan.PhaseWindow> phases = new ArrayList<>();
        List<Declared> declared = new ArrayList<>();
        Duration phaseStart = Duration.ZERO;
        for (int p = 0; p < experiment.schedule().size(); p++) {
            Phase phase = experiment.schedule().get(p);
            Duration phaseEnd = phaseStart.plus(phase.duration());
            phases.add(new FaultPlan.PhaseWindow(phase.name(), phaseStart, phaseEnd));
            for (int f = 0; f < phase.faults().size(); f++) {
                FaultSpec spec = phase.faults().get(f);
                Duration start = phaseStart.plus(spec.at());
                declared.add(new Declared(
                        "/schedule/" + p + "/faults/" + f, phase.name(), spec, start, start.plus(spec.duration())));
            }
            phaseStart = phaseEnd;
        }
        declared.sort(Comparator.comparing(Declared::start)); // stable: ties keep declaration order

        Random random = new Random(experiment.seed());
        List<PlannedFault> planned = new ArrayList<>();
        for (Declared d : declared) {
            PlannedFault candidate = new PlannedFault(
                    planned.size() + 1,
                    d.phase(),
                    ExperimentException.fieldOf(d.pointer()),
                    d.spec(),
                    d.start(),
                    d.end(),
                    List.of());
            Set<String> busy = new LinkedHashSet<>();
            for (PlannedFault other : planned) {
                if (other.overlaps(candidate)) {
                    busy.addAll(other.nodes());
                }
            }
            d.spec().type().fault().validate(d.pointer(), d.spec(), topology, problems);
            List<String> nodes = chooseNodes(d, topology, busy, random, problems);
            planned.add(new PlannedFault(
                    candidate.id(),
                    candidate.phase(),
                    candidate.source(),
                    candidate.spec(),
                    candidate.start(),
                    candidate.end(),
                    nodes));
        }
        problems.throwIfAny();
        return new FaultPlan(experiment.seed(), phases, planned);
    }

    private static List<String> chooseNodes(
            Declared d,
            Topology topology,
            Set<String> busy,
            Random random,
            LoadedExperiment.ProblemCollector problems) {
        TargetSpec target = d.spec().target();
        if (target == null || !d.spec().type().fault().targetsStorageNodes(d.spec())) {
            return List.of(); // e.g. archive corruption, an AZ's client paths (its routers'): no storage node is hit
        }
        String at = d.pointer() + "/target";
        return switch (target.kind()) {
            case NODE -> {
                // The system's own member names (the store's were checked against the shape when loading).
                if (!topology.storageNodeNames(null).contains(target.node())) {
                    problems.add(
                            at + "/node",
                            "no member '" + target.node() + "' in this system; members are "
                                    + topology.storageNodeNames(null));
                }
                yield fixed(List.of(target.node()), busy, at + "/node", problems);
            }
            case AZ -> fixed(topology.storageNodeNames(target.az()), busy, at + "/az", problems);
            case PARTITION_LEADER -> List.of();
            case RANDOM -> {
                TargetSpec.RandomNodes r = target.random();
                List<String> inScope = topology.storageNodeNames(r.az());
                int wanted = r.count() != null ? r.count() : (int) Math.ceil(inScope.size() * r.percent() / 100.0);
                List<String> free = new ArrayList<>(inScope);
                if (!r.overlapAllowed()) {
                    free.removeAll(busy);
                }
                if (free.size() < wanted) {
                    problems.add(
                            at + "/random",
                            "needs " + wanted + " node(s) but only " + free.size() + " of " + inScope
                                    + " are not already faulted at that time (busy: " + busy + ")");
                    yield List.of();
                }
                Collections.shuffle(free, random);
                yield free.subList(0, wanted).stream().sorted().toList();
            }
        };
    }

    private static List<String> fixed(
            List<String> nodes, Set<String> busy, String pointer, LoadedExperiment.ProblemCollector problems) {
        List<String> clash = nodes.stream().filter(busy::contains).toList();
        if (!clash.isEmpty()) {
            problems.add(pointer, "node(s) " + clash + " are already faulted by an overlapping fault");
        }
        return nodes;
    }

    /** A fault as declared, placed on the run's timeline but without nodes yet. */
    private record Declared(String pointer, String phase, FaultSpec spec, Duration start, Duration end) {}
}
