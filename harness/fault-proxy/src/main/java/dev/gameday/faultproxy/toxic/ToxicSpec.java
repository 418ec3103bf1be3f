package dev.gameday.faultproxy.toxic;

import dev.gameday.faultproxy.link.Stage;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A toxic as the API sees it. {@code attributes} always holds every attribute of the type, because
 * clients (the Java one included) read each of them back.
 */
public record ToxicSpec(
        String name, ToxicType type, StreamDirection stream, float toxicity, Map<String, Long> attributes) {

    public ToxicSpec {
        SortedMap<String, Long> complete = new TreeMap<>(attributes);
        for (String attribute : type.attributeNames()) {
            complete.putIfAbsent(attribute, 0L);
        }
        attributes = Collections.unmodifiableSortedMap(complete);
    }

    public ToxicSpec withSettings(Map<String, Long> changedAttributes, float newToxicity) {
        Map<String, Long> merged = new TreeMap<>(attributes);
        merged.putAll(changedAttributes);
        return new ToxicSpec(name, type, stream, newToxicity, merged);
    }

    /**
     * The stage for one connection. Toxicity is rolled here, once per connection (and again when
     * the toxic is updated): a miss makes the toxic a pass-through for that connection.
     */
    public Stage newStage(long now) {
        if (ThreadLocalRandom.current().nextFloat() < toxicity) {
            return type.newStage(attributes, now);
        }
        return new PassStage();
    }
}
