package dev.gameday.store.protocol.operations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import dev.gameday.store.protocol.ItemPage;
import dev.gameday.store.protocol.KeyElement;
import dev.gameday.store.protocol.PrimaryKey;
import dev.gameday.store.protocol.ScanSegments;
import dev.gameday.store.protocol.StoreBackend;
import dev.gameday.store.protocol.TableDescription;
import dev.gameday.store.protocol.expression.Condition;
import dev.gameday.store.protocol.expression.ExpressionPaths;
import dev.gameday.store.protocol.expression.Path;
import dev.gameday.store.protocol.expression.Projection;
import dev.gameday.store.protocol.json.AttributeValueJson;
import dev.gameday.store.protocol.json.JsonRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Query and Scan. The backend returns items in key order; this class applies the sort-key condition,
 * Limit (items evaluated, before the filter, as in DynamoDB: ScannedCount vs Count), the 1 MB page cap,
 * FilterExpression and ProjectionExpression, and produces LastEvaluatedKey.
 */
public final class ReadOperations {
    /** DynamoDB stops a page after reading 1 MB of items. */
    static final long MAX_PAGE_BYTES = 1024 * 1024;
    /**
     * Most items asked from the backend per call. Bounds the memory of one call (items are at most 400 KB)
     * while keeping round trips few for small items.
     */
    static final int BACKEND_PAGE = 100;

    static final int MAX_TOTAL_SEGMENTS = 1_000_000;

    private final StoreBackend backend;

    public ReadOperations(StoreBackend backend) {
        this.backend = backend;
    }

    /** Reads one backend page of at most limit items after the start key. */
    private interface PageSource {
        ItemPage read(int limit, Optional<PrimaryKey> exclusiveStartKey);
    }

    public ObjectNode query(JsonRequest request) {
        request.rejectUnsupported(
                "Query", "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator", "IndexName");
        TableDescription table = TableOperations.require(backend, request.requiredString("TableName"));
        RequestExpressions expressions =
                RequestExpressions.of(request, "KeyConditionExpression", "FilterExpression", "ProjectionExpression");
        Condition keyExpression = expressions
                .condition("KeyConditionExpression")
                .orElseThrow(() -> DynamoException.validation(
                        "Either the KeyConditions or KeyConditionExpression parameter must be specified in"
                                + " the request."));
        KeyCondition keyCondition = KeyCondition.of(keyExpression, table.keySchema());
        ReadShape shape = ReadShape.of(request, expressions);
        shape.filter()
                .ifPresent(filter -> ExpressionPaths.of(filter).forEach(path -> {
                    if (table.keySchema().isKeyAttribute(path.topLevelName())) {
                        throw DynamoException.validation(
                                "Filter Expression can only contain non-primary key attributes: Primary key"
                                        + " attribute: " + path.topLevelName());
                    }
                }));
        PrimaryKey partition =
                PrimaryKey.of(new KeyElement(table.keySchema().partitionKey().name(), keyCondition.partitionValue()));
        boolean forward = request.optionalBoolean("ScanIndexForward").orElse(true);
        boolean consistent = request.optionalBoolean("ConsistentRead").orElse(false);
        Optional<PrimaryKey> start =
                request.optionalAttributeMap("ExclusiveStartKey").map(k -> Keys.parseStartKey(k, table.keySchema()));
        ToIntFunction<Item> position = item -> keyCondition
                .sortKeyRange()
                .map(r -> r.position(
                        item.key(table.keySchema()).sort().orElseThrow().value()))
                .orElse(0);
        start.ifPresent(s -> {
            if (!s.partition().value().equals(keyCondition.partitionValue())) {
                throw DynamoException.validation("The provided starting key is invalid: the partition key of"
                        + " ExclusiveStartKey does not match the KeyConditionExpression");
            }
            if (position.applyAsInt(s.toItem()) != 0) {
                throw DynamoException.validation("The provided starting key does not match the range key predicate");
            }
        });
        PageSource source = (limit, after) -> backend.query(table, partition, forward, limit, after, consistent);
        // Reading backwards, items before the range (position -1) come last: flip so +1 always means "past the range".
        ToIntFunction<Item> directed = forward ? position : item -> -position.applyAsInt(item);
        return read(table, source, directed, keyCondition.sortKeyRange().isPresent(), start, shape);
    }

    public ObjectNode scan(JsonRequest request) {
        request.rejectUnsupported("Scan", "ScanFilter", "AttributesToGet", "ConditionalOperator", "IndexName");
        TableDescription table = TableOperations.require(backend, request.requiredString("TableName"));
        RequestExpressions expressions = RequestExpressions.of(request, "FilterExpression", "ProjectionExpression");
        ReadShape shape = ReadShape.of(request, expressions);
        Optional<Integer> segmentParam = request.optionalInt("Segment");
        Optional<Integer> totalParam = request.optionalInt("TotalSegments");
        if (totalParam.isPresent() && segmentParam.isEmpty()) {
            throw DynamoException.validation("The Segment parameter is required but was not present in the request when"
                    + " parameter TotalSegments is present");
        }
        if (segmentParam.isPresent() && totalParam.isEmpty()) {
            throw DynamoException.validation(
                    "The TotalSegments parameter is required but was not present in the request"
                            + " when Segment parameter is present");
        }
        int total = totalParam.orElse(1);
        int segment = segmentParam.orElse(0);
        if (total < 1 || total > MAX_TOTAL_SEGMENTS) {
            throw DynamoException.validation(
                    "1 validation error detected: Value '" + total + "' at 'totalSegments' failed"
                            + " to satisfy constraint: Member must have value between 1 and " + MAX_TOTAL_SEGMENTS);
        }
        if (segment < 0 || segment >= total) {
            throw DynamoException.validation("The Segment parameter is zero-based and must be less than parameter"
                    + " TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + total);
        }
        boolean consistent = request.optionalBoolean("ConsistentRead").orElse(false);
        Optional<PrimaryKey> start =
                request.optionalAttributeMap("ExclusiveStartKey").map(k -> Keys.parseStartKey(k, table.keySchema()));
        start.ifPresent(s -> {
            if (!ScanSegments.contains(segment, total, table.partitionCount(), s)) {
                throw DynamoException.validation(
                        "The provided Exclusive start key does not map to the provided Segment and"
                                + " TotalSegments values.");
            }
        });
        PageSource source = (limit, after) -> backend.scan(table, segment, total, limit, after, consistent);
        return read(table, source, item -> 0, false, start, shape);
    }

    /**
     * Pulls backend pages until Limit items were evaluated, 1 MB was read, the sort-key range was passed
     * ({@code position} +1) or the backend ran out. Items before the range ({@code position} -1) are skipped
     * without counting, as DynamoDB never reads them.
     *
     * @param mayPassRange true if the range can end before the partition does: then full backend pages are
     *     read even for a small Limit, since items past the Limit are simply dropped (LastEvaluatedKey is the
     *     last item evaluated), which saves round trips when many items lie before the range
     */
    private static ObjectNode read(
            TableDescription table,
            PageSource source,
            ToIntFunction<Item> position,
            boolean mayPassRange,
            Optional<PrimaryKey> start,
            ReadShape shape) {
        List<Item> matched = new ArrayList<>();
        int evaluated = 0;
        long bytes = 0;
        Optional<PrimaryKey> lastEvaluated = Optional.empty();
        Optional<PrimaryKey> next = start;
        pages:
        while (true) {
            long remaining = (long) shape.limit() - evaluated;
            ItemPage page = source.read((int) Math.min(mayPassRange ? BACKEND_PAGE : remaining, BACKEND_PAGE), next);
            for (Item item : page.items()) {
                int where = position.applyAsInt(item);
                if (where < 0) {
                    continue;
                }
                if (where > 0) {
                    break pages;
                }
                evaluated++;
                bytes += item.sizeBytes();
                if (shape.filter().map(f -> f.test(item)).orElse(true)) {
                    matched.add(shape.projection()
                            .map(p -> Projection.project(item, p))
                            .orElse(item));
                }
                if (evaluated >= shape.limit() || bytes >= MAX_PAGE_BYTES) {
                    lastEvaluated = Optional.of(item.key(table.keySchema()));
                    break pages;
                }
            }
            if (page.lastEvaluatedKey().isEmpty()) {
                break;
            }
            next = page.lastEvaluatedKey();
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (!shape.countOnly()) {
            ArrayNode items = response.putArray("Items");
            matched.forEach(i -> items.add(AttributeValueJson.render(i.attributes())));
        }
        response.put("Count", matched.size());
        response.put("ScannedCount", evaluated);
        lastEvaluated.ifPresent(k -> response.set(
                "LastEvaluatedKey", AttributeValueJson.render(k.toItem().attributes())));
        return response;
    }

    /** The parts of a Query/Scan request that shape the result: Limit, filter, projection, Select. */
    private record ReadShape(
            int limit, Optional<Condition> filter, Optional<List<Path>> projection, boolean countOnly) {
        static ReadShape of(JsonRequest request, RequestExpressions expressions) {
            int limit = request.optionalInt("Limit").orElse(Integer.MAX_VALUE);
            if (limit < 1) {
                throw DynamoException.validation(
                        "1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                                + " satisfy constraint: Member must have value greater than or equal to 1");
            }
            Optional<Condition> filter = expressions.condition("FilterExpression");
            Optional<List<Path>> projection = expressions.projection();
            expressions.requireAllUsed();
            String select = request.optionalString("Select")
                    .orElse(projection.isPresent() ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES");
            switch (select) {
                case "ALL_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT" -> {}
                case "ALL_PROJECTED_ATTRIBUTES" ->
                    throw DynamoException.validation(
                            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
                default ->
                    throw DynamoException.validation("1 validation error detected: Value '" + select + "' at 'select'"
                            + " failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT,"
                            + " ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
            }
            if (projection.isPresent() && !select.equals("SPECIFIC_ATTRIBUTES")) {
                throw DynamoException.validation(
                        "Cannot specify the ProjectionExpression when choosing to get " + select);
            }
            if (select.equals("SPECIFIC_ATTRIBUTES") && projection.isEmpty()) {
                throw DynamoException.validation("Select SPECIFIC_ATTRIBUTES requires a ProjectionExpression");
            }
            return new ReadShape(limit, filter, projection, select.equals("COUNT"));
        }
    }
}
