package dev.gameday.schedule;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentValidator;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.GenerateSpec;
import dev.gameday.experiment.GeneratedKind;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.Phase;
import dev.gameday.experiment.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes out the faults of every {@code generate:} phase, drawn from the experiment's seed: the result is a plain
 * experiment (the run directory's plan.yaml) that runs the same faults at the same times with any seed-free tool.
 *
 * <p>Walking the phase from its start: wait a gap, draw a kind by weight and a length, aim it at a node (or AZ)
 * that no running fault holds and, with {@code keepQuorum}, one that leaves every replication group a majority of
 * replicas that are neither down nor cut off; then the next gap. When {@code maxConcurrent} faults run, the next one
 * waits until one heals, plus the shortest gap. A fault that would not heal inside the phase is not drawn, and
 * the walk ends there. Every choice comes from one {@link Random} per phase, consumed in that fixed order.
 */
public final class ScheduleGenerator {

    private ScheduleGenerator() {}

    /** The experiment with every generate block replaced by its faults; unchanged when it has none. */
    public static LoadedExperiment expand(LoadedExperiment loaded) throws ExperimentException {
        Experiment experiment = loaded.experiment();
        if (experiment.schedule().stream().noneMatch(p -> p.generate() != null)) {
            return loaded;
        }
        List<Phase> phases = new ArrayList<>();
        for (int p = 0; p < experiment.schedule().size(); p++) {
            Phase phase = experiment.schedule().get(p);
            phases.add(
                    phase.generate() == null
                            ? phase
                            : phase.withFaults(generate(
                                    phase.generate(),
                                    phase.duration(),
                                    experiment.cluster(),
                                    experiment.hypothesis().recovery(),
                                    phaseRandom(experiment.seed(), p))));
        }
        LoadedExperiment expanded = loaded.with(experiment.withSchedule(phases));
        // A safety net: the catalogue's kinds were checked against the cluster when the file was loaded.
        LoadedExperiment.ProblemCollector problems = expanded.problems();
        ExperimentValidator.validate(expanded.experiment(), problems);
        problems.throwIfAny();
        return expanded;
    }

    /** Each phase draws from its own sequence, so adding a phase does not change the others' faults. */
    static Random phaseRandom(long seed, int phaseIndex) {
        return new Random(seed * 1_000_003L + phaseIndex);
    }

    /**
     * @param settle how long a healed node still counts as out of its group for {@code keepQuorum}: it boots and
     *               catches up first, and a fault that starts while another one runs does not wait for the steady
     *               state (the hypothesis's recovery, as written)
     */
    static List<FaultSpec> generate(
            GenerateSpec spec, Duration phaseLength, ClusterShape cluster, Duration settle, Random random) {
        List<GeneratedKind> kinds = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (Map.Entry<String, Integer> e : spec.faults().entrySet()) {
            if (e.getValue() > 0) {
                kinds.add(GeneratedKind.named(e.getKey()));
                weights.add(e.getValue());
            }
        }
        ReplicaGroups groups = new ReplicaGroups(cluster);
        List<Placed> placed = new ArrayList<>();
        Duration t = draw(spec.gap(), random);
        while (true) {
            Duration now = t;
            List<Placed> running =
                    placed.stream().filter(f -> f.end.compareTo(now) > 0).toList();
            if (running.size() >= spec.maxConcurrent()) {
                t = firstHeal(running).plus(spec.gap().min());
                continue;
            }
            Duration length = draw(spec.duration(), random);
            if (t.plus(length).compareTo(phaseLength) > 0) {
                break;
            }
            GeneratedKind kind = kinds.get(pickWeighted(weights, random));
            List<Placed> settling = placed.stream()
                    .filter(f -> f.end.plus(settle).compareTo(now) > 0)
                    .toList();
            Placed fault = aim(kind, t, length, running, settling, cluster, groups, spec.keepQuorum(), random);
            if (fault == null) {
                // Nothing of this kind fits beside what runs now: try again after a heal (or a gap when nothing runs).
                t = running.isEmpty()
                        ? t.plus(draw(spec.gap(), random))
                        : firstHeal(running).plus(spec.gap().min());
                continue;
            }
            placed.add(fault);
            t = t.plus(draw(spec.gap(), random));
        }
        return placed.stream().map(Placed::spec).toList();
    }

    private static Placed aim(
            GeneratedKind kind,
            Duration at,
            Duration length,
            List<Placed> running,
            List<Placed> settling,
            ClusterShape cluster,
            ReplicaGroups groups,
            boolean keepQuorum,
            Random random) {
        Set<String> held = new HashSet<>();
        for (Placed f : running) {
            held.addAll(f.holds);
        }
        // With nothing running the nemesis waits for the steady state itself; otherwise a node healed within the
        // settle time may still be booting or catching up.
        Set<String> impaired = new HashSet<>();
        for (Placed f : running.isEmpty() ? running : settling) {
            impaired.addAll(f.impairs);
        }
        List<String> nodes = cluster.storageNodeNames();
        List<String> choices = switch (kind.aims()) {
            case ONE_NODE -> new ArrayList<>(nodes);
            case ONE_AZ -> new ArrayList<>(cluster.azs());
            case NO_TARGET -> new ArrayList<>(Collections.singletonList(null));
        };
        Collections.shuffle(choices, random);
        for (String choice : choices) {
            Set<String> holds = switch (kind.aims()) {
                case ONE_NODE -> Set.of(choice);
                case ONE_AZ -> Set.of("clients of " + choice);
                // A ring rewires every node's links; the archive is one service.
                case NO_TARGET ->
                    kind.quorum() == GeneratedKind.QuorumImpact.ALL ? Set.copyOf(nodes) : Set.of(kind.name());
            };
            Set<String> impairs = switch (kind.quorum()) {
                case NONE -> Set.of();
                case TARGET -> Set.of(choice);
                case ALL -> Set.copyOf(nodes);
            };
            if (holds.stream().anyMatch(held::contains)) {
                continue;
            }
            Set<String> impairedWith = new HashSet<>(impaired);
            impairedWith.addAll(impairs);
            if (keepQuorum && !groups.everyGroupKeepsMajority(impairedWith)) {
                continue;
            }
            TargetSpec target = choice == null ? null : kind.target(choice);
            return new Placed(kind.fault(target, at, length), at.plus(length), holds, impairs);
        }
        return null;
    }

    private static Duration firstHeal(List<Placed> running) {
        return running.stream().map(Placed::end).min(Duration::compareTo).orElseThrow();
    }

    /** Uniform in the range, in whole seconds when both ends are (the plan reads better), else in milliseconds. */
    static Duration draw(GenerateSpec.Range range, Random random) {
        long min = range.min().toMillis();
        long max = range.max().toMillis();
        long unit = min % 1000 == 0 && max % 1000 == 0 ? 1000 : 1;
        long steps = (max - min) / unit;
        return Duration.ofMillis(min + unit * (steps == 0 ? 0 : random.nextLong(steps + 1)));
    }

    private static int pickWeighted(List<Integer> weights, Random random) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        int r = random.nextInt(total);
        for (int i = 0; i < weights.size(); i++) {
            r -= weights.get(i);
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException("weights must be positive: " + weights);
    }

    /**
     * A generated fault on the phase's timeline.
     *
     * @param holds   what no other fault may use at the same time (nodes, an AZ's client paths, the archive)
     * @param impairs the nodes it takes away from their groups' majority
     */
    private record Placed(FaultSpec spec, Duration end, Set<String> holds, Set<String> impairs) {}
}
