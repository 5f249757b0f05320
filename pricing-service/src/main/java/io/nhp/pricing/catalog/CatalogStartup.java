package io.nhp.pricing.catalog;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Loads the catalogs before the first request: reference items first, because profiles resolve markets. */
@ApplicationScoped
class CatalogStartup {

    void onStart(@Observes StartupEvent start, ReferenceCatalog reference, PartnerCatalog partners) {
        reference.load();
        partners.load();
    }
}
