package dev.gameday.store.protocol;

/** An HTTP response of the DynamoDB JSON protocol: status and JSON body. */
public record ApiResponse(int status, byte[] body) {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";
}
