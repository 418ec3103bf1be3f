package dev.gameday.nemesis;

/** Freezing a storage node's process: pause is SIGSTOP, resume SIGCONT. */
public interface Pause {

    void pause(String node) throws NemesisException;

    void resume(String node) throws NemesisException;
}
