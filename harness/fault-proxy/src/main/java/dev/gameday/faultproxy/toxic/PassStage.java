package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Outlet;
import dev.gameday.faultproxy.link.Stage;

/** Passes everything straight on: the noop toxic, and any toxic whose toxicity roll missed this connection. */
final class PassStage extends Stage {
    @Override
    public long advance(long now, Outlet out) {
        while (!queue.isEmpty()) {
            out.emit(queue.poll());
        }
        return NEVER;
    }
}
