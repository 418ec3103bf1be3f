package dev.gameday.nemesis.fault;

import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Pause;
import java.util.List;

/** {@code pause}: SIGSTOP of the target nodes' processes; SIGCONT when the fault ends. */
public final class PauseFault implements Fault<Pause> {

    @Override
    public Class<Pause> capability() {
        return Pause.class;
    }

    @Override
    public List<String> inject(Pause pause, FaultContext context) throws NemesisException {
        for (String node : context.nodes()) {
            pause.pause(node);
        }
        return List.of();
    }

    @Override
    public void heal(Pause pause, FaultContext context) throws NemesisException {
        for (String node : context.nodes()) {
            pause.resume(node);
        }
    }
}
