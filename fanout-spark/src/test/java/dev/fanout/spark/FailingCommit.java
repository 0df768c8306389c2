package dev.fanout.spark;

import org.apache.hadoop.mapreduce.JobContext;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spark's own commit protocol, made to refuse the job commit number {@link #failAt}: a Spark job that fails at
 * its last step, after every task's files were written, so that nothing of it may show in the output.
 */
public class FailingCommit extends SQLHadoopMapReduceCommitProtocol {
    static final AtomicInteger COMMITS = new AtomicInteger();
    static volatile int failAt = -1;

    public FailingCommit(String jobId, String path, boolean dynamicPartitionOverwrite) {
        super(jobId, path, dynamicPartitionOverwrite);
    }

    @Override
    public void commitJob(JobContext context, scala.collection.immutable.Seq<FileCommitProtocol.TaskCommitMessage> commits) {
        if (COMMITS.incrementAndGet() == failAt) {
            throw new IllegalStateException("job commit refused by the test");
        }
        super.commitJob(context, commits);
    }
}
