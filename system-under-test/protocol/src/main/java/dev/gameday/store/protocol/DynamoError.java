package dev.gameday.store.protocol;

/**
 * The DynamoDB error types this store returns, with the HTTP status and the {@code __type} namespace
 * DynamoDB uses for each. The AWS SDK maps the part after '#' to its exception classes.
 */
public enum DynamoError {
    ValidationException(400, Namespace.DYNAMODB),
    ConditionalCheckFailedException(400, Namespace.DYNAMODB),
    ResourceNotFoundException(400, Namespace.DYNAMODB),
    ResourceInUseException(400, Namespace.DYNAMODB),
    ProvisionedThroughputExceededException(400, Namespace.DYNAMODB),
    ThrottlingException(400, Namespace.CORAL_AVAILABILITY),
    MissingAuthenticationTokenException(400, Namespace.CORAL_SERVICE),
    UnrecognizedClientException(400, Namespace.CORAL_SERVICE),
    InvalidSignatureException(400, Namespace.CORAL_SERVICE),
    SerializationException(400, Namespace.CORAL_SERVICE),
    UnknownOperationException(400, Namespace.CORAL_SERVICE),
    InternalServerError(500, Namespace.DYNAMODB),
    ServiceUnavailableException(503, Namespace.CORAL_AVAILABILITY);

    /** DynamoDB reports request-level errors from its framework ("coral") namespaces, data errors from its own. */
    private static final class Namespace {
        static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810";
        static final String CORAL_SERVICE = "com.amazon.coral.service";
        static final String CORAL_AVAILABILITY = "com.amazon.coral.availability";
    }

    private final int httpStatus;
    private final String namespace;

    DynamoError(int httpStatus, String namespace) {
        this.httpStatus = httpStatus;
        this.namespace = namespace;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The value of the {@code __type} field, e.g. {@code com.amazonaws.dynamodb.v20120810#ValidationException}. */
    public String wireType() {
        return namespace + "#" + name();
    }
}
