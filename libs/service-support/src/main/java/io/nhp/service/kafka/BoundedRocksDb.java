package io.nhp.service.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the native memory of all RocksDB stores of a service together. By default every store of every task gets
 * its own block cache and memtables, so a service's resident memory grows with its partitions and stores rather
 * than with what it holds; here one block cache, which also accounts for the memtables and the index and filter
 * blocks, is shared by them all. Set with {@code kafka-streams.rocksdb.config.setter}; its size in MiB with
 * {@code kafka-streams.nhp.rocksdb.memory-mib} (default 128).
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

    public static final String MEMORY_MIB = "nhp.rocksdb.memory-mib";
    private static final long DEFAULT_MIB = 128;
    /** Up to a quarter of the budget may be unflushed writes. */
    private static final double MEMTABLE_SHARE = 0.25;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    /** Shared by every store of this JVM; made once, on the first store's configuration. */
    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(sharedCache(configs));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    private static synchronized Cache sharedCache(Map<String, Object> configs) {
        if (cache == null) {
            Object configured = configs.get(MEMORY_MIB);
            long bytes = (configured == null ? DEFAULT_MIB : Long.parseLong(configured.toString().trim())) * 1024 * 1024;
            // strict limit off: a full cache evicts rather than failing reads; high-priority pool for index and filters
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
        }
        return cache;
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write buffer manager are shared by every store: they live as long as the JVM
    }
}
