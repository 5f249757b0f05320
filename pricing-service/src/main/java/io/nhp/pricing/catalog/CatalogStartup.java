package io.nhp.pricing.catalog;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Before the first request: becomes the writer (fencing any older instance), then loads the catalogs from what
 * is committed, reference items first because profiles resolve markets.
 */
@ApplicationScoped
class CatalogStartup {

    void onStart(@Observes StartupEvent start, SingleWriter writer, ReferenceCatalog reference, PartnerCatalog partners) {
        writer.claim();
        reference.load();
        partners.load();
    }
}
