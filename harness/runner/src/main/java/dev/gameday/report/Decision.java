package dev.gameday.report;

import dev.gameday.checker.Verdict;
import dev.gameday.experiment.DurationText;
import dev.gameday.nemesis.ExecutedFault;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's verdict with its reasons. FAIL when anything definite went wrong: a lost write, a
 * non-linearizable key, corruption scrub missed or left unrepaired, the steady state broken or a
 * stop condition fired. Otherwise UNKNOWN when anything needed is missing or inconclusive: a
 * checker that gave up or did not run, no scrub report, a fault that did not run as planned.
 * PASS only when every part positively passed.
 */
public record Decision(RunVerdict verdict, List<String> reasons) {

    public Decision {
        reasons = List.copyOf(reasons);
    }

    public static Decision of(VerdictInputs in) {
        List<String> failures = new ArrayList<>();
        List<String> unknowns = new ArrayList<>();

        if (in.durability() == null) {
            unknowns.add("durability: not checked");
        } else if (in.durability().verdict() == Verdict.INVALID) {
            failures.add("durability: " + count(in.durability().lost()) + " acknowledged write(s) lost, "
                    + count(in.durability().unexpected()) + " unexpected value(s) read");
        } else if (in.durability().verdict() == Verdict.UNKNOWN) {
            unknowns.add("durability: unknown (" + in.durability().reason() + ")");
        }

        if (in.linearizability() == null) {
            unknowns.add("linearizability: not checked");
        } else if (in.linearizability().verdict() == Verdict.INVALID) {
            String key = in.linearizability().counterexample() == null ? "?" : in.linearizability().counterexample().key();
            failures.add("linearizability: key " + key + " is not linearizable");
        } else if (in.linearizability().verdict() == Verdict.UNKNOWN) {
            unknowns.add("linearizability: unknown " + in.linearizability().unknownReasons());
        }

        if (in.scrub() == null) {
            unknowns.add("scrub: no report");
        } else {
            ScrubReport s = in.scrub();
            if (s.corruptionsDetected() < s.corruptionsInjected()) {
                failures.add("scrub: detected " + s.corruptionsDetected() + " of " + s.corruptionsInjected()
                        + " injected corruption(s)");
            }
            if (s.repaired() < s.corruptionsInjected()) {
                failures.add("scrub: repaired " + s.repaired() + " of " + s.corruptionsInjected()
                        + " injected corruption(s)");
            }
            if (!s.clean()) {
                failures.add("scrub: not clean after repair: " + String.join("; ", s.problems()));
            }
        }

        if (in.hypothesis() == null) {
            unknowns.add("steady state: not evaluated");
        } else if (!in.hypothesis().held()) {
            List<String> v = in.hypothesis().violations();
            failures.add("steady state: " + v.get(0) + (v.size() > 1 ? " (and " + (v.size() - 1) + " more)" : ""));
        }

        if (in.stopReason() != null) {
            failures.add("aborted: " + in.stopReason());
        }
        for (ExecutedFault f : in.faults()) {
            if (f.steadyStateNotRestored()) {
                failures.add("steady state: not restored within " + DurationText.format(f.steadyStateWait())
                        + " before fault #" + f.planned().id() + " " + f.planned().type()
                        + " (" + f.steadyStateMissing() + ")");
            } else if (!f.completed()) {
                unknowns.add("fault #" + f.planned().id() + " " + f.planned().type() + ": "
                        + (f.error() != null ? f.error() : "did not run as planned"));
            }
        }

        if (!in.fatalLogLines().isEmpty()) {
            failures.add("container logs: a process died by itself: " + in.fatalLogLines().get(0)
                    + (in.fatalLogLines().size() > 1 ? " (and more, see results.json fatalLogLines)" : ""));
        }
        in.problems().forEach(problem -> unknowns.add("run: " + problem));

        List<String> reasons = new ArrayList<>(failures);
        reasons.addAll(unknowns);
        RunVerdict verdict = !failures.isEmpty() ? RunVerdict.FAIL
                : !unknowns.isEmpty() ? RunVerdict.UNKNOWN : RunVerdict.PASS;
        return new Decision(verdict, reasons);
    }

    private static int count(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
