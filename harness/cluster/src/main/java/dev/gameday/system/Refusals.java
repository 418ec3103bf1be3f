package dev.gameday.system;

import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.Phase;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a {@link SystemAdapter} cannot honour, refused in {@link SystemAdapter#boot} before any container starts, all at
 * once and each at its line of the experiment file:
 *
 * <pre>{@code
 * Refusals.of(boot)
 *         .faultTypesOtherThan(Set.of(FaultType.POWER_OFF), type -> "my-system takes power-off only, not " + type)
 *         .where("/cluster/scrubEvery", shape.scrubEvery() != null, "my-system has nothing to scrub")
 *         .throwIfAny();
 * }</pre>
 */
public final class Refusals {

    private final SystemBoot boot;
    private final LoadedExperiment.ProblemCollector problems;

    private Refusals(SystemBoot boot) {
        this.boot = boot;
        this.problems = boot.planned().asWritten().problems();
    }

    public static Refusals of(SystemBoot boot) {
        return new Refusals(boot);
    }

    /**
     * Every declared fault whose type is not {@code honoured}, at its {@code type:} line. Generated faults
     * ({@code generate:}) have no line of their own: when nothing else was refused, the plan's first such fault is,
     * at {@code schedule:}.
     */
    public Refusals faultTypesOtherThan(Set<FaultType> honoured, Function<FaultType, String> why) {
        forEachDeclaredFault((at, fault) -> {
            if (!honoured.contains(fault.type())) {
                problems.add(at + "/type", why.apply(fault.type()));
            }
        });
        boot.planned().plan().faults().stream()
                .filter(fault -> !honoured.contains(fault.type()))
                .findFirst()
                .filter(fault -> problems.size() == 0)
                .ifPresent(fault -> problems.add("/schedule", fault + ": " + why.apply(fault.type())));
        return this;
    }

    /**
     * Every declared fault for which {@code refused} holds, at its {@code field} (a pointer below the fault, e.g.
     * {@code /corrupt/where}): a detail of a fault type the system honours otherwise.
     */
    public Refusals faultsWhere(Predicate<FaultSpec> refused, String field, String why) {
        forEachDeclaredFault((at, fault) -> {
            if (refused.test(fault)) {
                problems.add(at + field, why);
            }
        });
        return this;
    }

    /** Each fault the file declares, with the pointer to it ({@code /schedule/P/faults/F}). */
    private void forEachDeclaredFault(BiConsumer<String, FaultSpec> action) {
        List<Phase> schedule = boot.planned().asWritten().experiment().schedule();
        for (int p = 0; p < schedule.size(); p++) {
            List<FaultSpec> faults = schedule.get(p).faults();
            for (int f = 0; faults != null && f < faults.size(); f++) {
                action.accept("/schedule/" + p + "/faults/" + f, faults.get(f));
            }
        }
    }

    /** Refuses the field at {@code pointer} (a JSON pointer into the file, e.g. {@code /cluster/routersPerAz}). */
    public Refusals where(String pointer, boolean refused, String why) {
        if (refused) {
            problems.add(pointer, why);
        }
        return this;
    }

    /** Throws {@link IllegalArgumentException} with every refusal's file:line, if there is any. */
    public void throwIfAny() {
        try {
            problems.throwIfAny();
        } catch (ExperimentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
