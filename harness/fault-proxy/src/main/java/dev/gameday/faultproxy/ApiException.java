package dev.gameday.faultproxy;

/** A request the API refuses, with Toxiproxy's status code and error text. */
public final class ApiException extends Exception {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequestBody(String detail) {
        return new ApiException(400, "bad request body: " + detail);
    }

    public static ApiException missingField(String field) {
        return new ApiException(400, "missing required field: " + field);
    }

    public static ApiException proxyNotFound() {
        return new ApiException(404, "proxy not found");
    }

    public static ApiException toxicNotFound() {
        return new ApiException(404, "toxic not found");
    }
}
