package dev.gameday.cluster;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Power and scheduling faults on a container, as a data-centre operator would cause them:
 * power-off is SIGKILL to the whole container (no shutdown hooks, no flush), power-on starts the
 * same container again with the same disks and the same host ports, pause and resume are
 * SIGSTOP and SIGCONT (the process is frozen mid-flight, sockets stay open: a gray failure).
 */
public final class PowerControl {

    private final DockerClient docker;

    public PowerControl(DockerClient docker) {
        this.docker = docker;
    }

    public void powerOff(String containerId) {
        docker.killContainerCmd(containerId).withSignal("SIGKILL").exec();
    }

    public void powerOn(String containerId) {
        docker.startContainerCmd(containerId).exec();
    }

    public void pause(String containerId) {
        docker.killContainerCmd(containerId).withSignal("SIGSTOP").exec();
    }

    public void resume(String containerId) {
        docker.killContainerCmd(containerId).withSignal("SIGCONT").exec();
    }

    /** True while the container's main process is stopped by SIGSTOP (state T in the process table). */
    public boolean isStopped(String containerId) {
        Long pid = docker.inspectContainerCmd(containerId).exec().getState().getPidLong();
        if (pid == null || pid == 0) {
            return false;
        }
        try {
            // The engine runs on this host: its container processes are this host's processes.
            String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException gone) {
            return false;
        }
    }

    public boolean isRunning(String containerId) {
        Boolean running =
                docker.inspectContainerCmd(containerId).exec().getState().getRunning();
        return Boolean.TRUE.equals(running);
    }
}
