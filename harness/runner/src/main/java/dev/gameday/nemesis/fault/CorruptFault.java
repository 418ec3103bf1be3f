package dev.gameday.nemesis.fault;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Disk;
import dev.gameday.nemesis.MemberReplacement;
import dev.gameday.nemesis.NemesisException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code corrupt}: bytes changed in a replica's files or an archived segment ({@link CorruptionSpec});
 * never undone, since finding and repairing them is the store's job. With {@code repair: replace-member} the fault
 * ends with the operator's step of a system that repairs nothing itself ({@link MemberReplacement}): the fault lasts
 * until the member is replaced, so the calls it fails meanwhile fall in the fault's window and its recovery.
 */
public final class CorruptFault implements Fault<Disk> {

    @Override
    public Class<Disk> capability() {
        return Disk.class;
    }

    @Override
    public String detailField() {
        return "corrupt";
    }

    @Override
    public Object detail(FaultSpec spec) {
        return spec.corrupt();
    }

    @Override
    public String noTargetBecause(FaultSpec spec) {
        return archive(spec) ? "an archive corruption hits no node: remove the target" : null;
    }

    @Override
    public void validate(String at, FaultSpec fault, ClusterShape cluster, ProblemCollector problems) {
        CorruptionSpec c = fault.corrupt();
        if (c == null) {
            return;
        }
        if (c.where() == null) {
            problems.add(at + "/corrupt/where", "missing: item-files, log-tail or archive");
        }
        if (c.how() == null) {
            problems.add(at + "/corrupt/how", "missing: flip-bits, zero-block or truncate");
        }
        if (c.where() == CorruptionSpec.Where.ARCHIVE && c.when() == CorruptionSpec.When.AT_REST) {
            problems.add(at + "/corrupt/when", "the archive is a service that never powers off: use live");
        }
        if (c.repair() != null && c.where() == CorruptionSpec.Where.ARCHIVE) {
            problems.add(at + "/corrupt/repair", "the archive is no member to replace: remove repair");
        }
        if (c.where() == CorruptionSpec.Where.LOG_TAIL && c.when() == CorruptionSpec.When.LIVE) {
            problems.add(
                    at + "/corrupt/when",
                    "the Raft log is only read back when a node starts: corrupt its tail" + " at-rest");
        }
    }

    @Override
    public String what(FaultSpec spec) {
        return spec.type() + (spec.corrupt() == null ? "" : " " + spec.corrupt());
    }

    @Override
    public String withoutTarget() {
        return "archive";
    }

    @Override
    public List<String> inject(Disk disk, FaultContext context) throws NemesisException {
        CorruptionSpec spec = context.fault().spec().corrupt();
        int id = context.fault().id();
        List<Corruption> done = new ArrayList<>();
        if (spec.where() == CorruptionSpec.Where.ARCHIVE) {
            done.addAll(disk.corrupt(id, null, spec));
        } else {
            for (String node : context.nodes()) {
                done.addAll(disk.corrupt(id, node, spec));
            }
        }
        done.forEach(context.corrupted());
        return done.stream().map(Corruption::toString).toList();
    }

    /**
     * Corrupted bytes stay; a node that was off for an at-rest corruption comes back, and with {@code repair} the
     * operator's replacement follows, once the system has detected the corruption.
     */
    @Override
    public void heal(Disk disk, FaultContext context) throws NemesisException {
        CorruptionSpec spec = context.fault().spec().corrupt();
        if (spec.when() == CorruptionSpec.When.AT_REST) {
            for (String node : context.nodes()) {
                disk.powerOn(node);
            }
        }
        if (spec.repair() == CorruptionSpec.Repair.REPLACE_MEMBER) {
            if (!(disk instanceof MemberReplacement replacement)) {
                // The system's adapter refuses the option at its line before booting; this is the last guard.
                throw new NemesisException("this cluster cannot replace a member: repair "
                        + spec.repair().yamlName() + " is for systems whose operator does (etcd)");
            }
            for (String node : context.nodes()) {
                replacement.replaceCorrupted(context.fault().id(), node, context.repairSteps());
            }
        }
    }

    private static boolean archive(FaultSpec spec) {
        return spec.corrupt() != null && spec.corrupt().where() == CorruptionSpec.Where.ARCHIVE;
    }
}
