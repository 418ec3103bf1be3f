package dev.gameday.store.server.archive;

import dev.gameday.store.api.config.ArchiveConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client every archive reader and writer uses: path-style, pointed at the archive store. */
public final class ArchiveS3 {
    private ArchiveS3() {}

    public static S3Client client(ArchiveConfig config) {
        return S3Client.builder()
                .endpointOverride(URI.create(config.endpointUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
                .forcePathStyle(true)
                // Uploads carry Content-MD5, which S3Proxy verifies; the SDK's default trailing CRC checksums use
                // aws-chunked encoding, which is not needed on top of that.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
