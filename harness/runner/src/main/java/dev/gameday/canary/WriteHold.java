package dev.gameday.canary;

/**
 * Holds the canaries' writes for a while (a fault's {@code quietBefore}): while held, each write, cas or unique
 * write the generator draws is sent as a ConsistentRead of a register key instead, so traffic keeps its rate and
 * reads keep being checked, but no group commits anything new. Shared by the nemesis, which holds and releases,
 * and every canary loop, which asks on each call.
 */
public final class WriteHold {
    private volatile boolean held;

    public void hold() {
        held = true;
    }

    public void release() {
        held = false;
    }

    public boolean isHeld() {
        return held;
    }

    /**
     * The command to send: {@code drawn} itself, or while writes are held a read of its key; a unique write becomes
     * a read of a register key instead, since only registers are checked for linearizability.
     */
    public Command apply(Command drawn, RegisterKeys registerKeys) {
        if (!held || drawn.f().equals("read")) {
            return drawn;
        }
        String key = drawn.key().startsWith(UniqueWrites.KEY_PREFIX)
                ? registerKeys.get(Math.floorMod(drawn.key().hashCode(), registerKeys.count()))
                : drawn.key();
        return new Command("read", key, null, 0);
    }
}
