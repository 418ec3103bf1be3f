package dev.gameday.store.server.archive;

import dev.gameday.store.api.config.ArchiveConfig;
import dev.gameday.store.server.admin.AdminServer;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive-store role: an S3-compatible object store (S3Proxy over jclouds' filesystem provider), so
 * archived segments are plain files under the configured data directory. Creates the archive bucket.
 */
public final class ArchiveStoreServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveStoreServer.class);

    private final ArchiveConfig config;
    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final AdminServer admin;

    public ArchiveStoreServer(ArchiveConfig config) throws Exception {
        this.config = config;
        Files.createDirectories(config.dataDir());
        Properties overrides = new Properties();
        overrides.setProperty(
                "jclouds.filesystem.basedir", config.dataDir().toAbsolutePath().toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(overrides).build(BlobStoreContext.class);
        BlobStore blobStore = context.getBlobStore();
        blobStore.createContainerInLocation(null, config.bucket());
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create(config.endpointUrl()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, config.accessKey(), config.secretKey())
                .build();
        admin = new AdminServer(config.host(), config.adminPort())
                .route("GET", "/health", q -> Map.of("role", "archive-store", "ok", true, "state", proxy.getState()));
    }

    public void start() throws Exception {
        proxy.start();
        admin.start();
        LOG.info(
                "archive store up at {} (bucket {}, files under {})",
                config.endpointUrl(),
                config.bucket(),
                config.dataDir());
    }

    @Override
    public void close() {
        admin.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("S3Proxy did not stop cleanly", e);
        }
        context.close();
    }
}
