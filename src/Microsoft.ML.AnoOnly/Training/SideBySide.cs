using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// Runs independent training jobs (an ensemble's members, their held-out folds) side by side, on up to
    /// <c>workers</c> threads: libtorch's own intra-op threads cost more than they save on networks this small, so
    /// the cores are better spent on separate networks. Each job owns its network, its seeded
    /// <see cref="Random"/> and its batches, so the results are the same, bit for bit, whatever the number of workers
    /// and the order the jobs finish in. Jobs are taken in list order (put the longest first); the first failure is
    /// rethrown as it was thrown, once every running job has stopped.
    /// </summary>
    internal static class SideBySide
    {
        public static T[] Run<T>(IReadOnlyList<Func<T>> jobs, int workers)
        {
            var results = new T[jobs.Count];
            workers = Math.Max(1, Math.Min(workers, jobs.Count));
            if (workers == 1)
            {
                for (int i = 0; i < jobs.Count; i++)
                    results[i] = jobs[i]();
                return results;
            }

            int next = -1;
            ExceptionDispatchInfo? failure = null;
            void Work()
            {
                int i;
                while (Volatile.Read(ref failure) == null && (i = Interlocked.Increment(ref next)) < jobs.Count)
                {
                    try
                    {
                        results[i] = jobs[i]();
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                    }
                }
            }

            var threads = new Thread[workers - 1];
            for (int t = 0; t < threads.Length; t++)
            {
                threads[t] = new Thread(Work) { IsBackground = true, Name = "AnoOnly training" };
                threads[t].Start();
            }
            Work(); // the calling thread is one of the workers
            foreach (Thread thread in threads)
                thread.Join();
            failure?.Throw();
            return results;
        }
    }
}
