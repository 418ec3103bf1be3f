package dev.gameday.store.server.bench;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The training run behind the store image's class-data-sharing archive: boots a local cluster whose processes
 * write the classes they load to class lists, and sends each call the canaries send (PutItem, GetItem with
 * ConsistentRead, conditional UpdateItem), so that the classes of the request path are in the archive and a
 * container boots and answers its first calls without loading them from the jar.
 */
@Command(name = "class-data-sharing-training", mixinStandardHelpOptions = true)
public final class ClassDataSharingTraining implements Callable<Integer> {
    private static final String TABLE = "training";

    @Option(names = "--dir", required = true, description = "the training cluster's data and logs")
    Path dir;

    @Option(names = "--class-lists", required = true, description = "where each process writes <id>.classlist")
    Path classLists;

    @Option(names = "--calls", defaultValue = "300", description = "calls of each kind")
    int calls;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClassDataSharingTraining()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(classLists);
        try (LocalCluster cluster = LocalCluster.create(dir, 1, 3, BugSwitches.none())
                        .dumpingLoadedClassesTo(classLists)
                        .start(Duration.ofSeconds(180));
                DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
            StoreClients.createTable(db, TABLE);
            for (int n = 0; n < calls; n++) {
                Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("key-" + n % 16));
                db.putItem(b -> b.tableName(TABLE).item(Map.of("pk", key.get("pk"), "v", AttributeValue.fromN("1"))));
                db.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true));
                try {
                    db.updateItem(b -> b.tableName(TABLE)
                            .key(key)
                            .updateExpression("SET v = :new")
                            .conditionExpression("v = :old")
                            .expressionAttributeValues(
                                    Map.of(":old", AttributeValue.fromN("2"), ":new", AttributeValue.fromN("3"))));
                } catch (ConditionalCheckFailedException expected) {
                    // The usual answer to a canary's cas, and its error path is part of what the archive should hold.
                }
            }
            db.describeTable(b -> b.tableName(TABLE));
            // Scrub's classes too: a node loads them on its first scrub, in the middle of a run.
            cluster.admin().post(cluster.config().nodes().get(0).adminUrl() + "/scrub");
            System.out.printf(
                    "class-data-sharing training: %d calls of each kind; class lists in %s%n", calls, classLists);
        }
        return 0;
    }
}
