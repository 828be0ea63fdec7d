using System;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// A process that trains many models (a sweep, a cross-validation, a benchmark) keeps its managed heap at
    /// its working size by itself, without the application forcing collections: training pauses the garbage
    /// collector for each epoch, and must let it catch up between them.
    /// </summary>
    public class TrainingMemoryTests
    {
        [Test]
        public void ManyFitsKeepTheHeapBoundedWithoutForcedCollections()
        {
            var ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(300);
            IDataView data = Tables.Single(ml, rows, labels);
            var options = new AnoOnlyTrainer.Options { Seed = 1, Backbone = AnoOnlyBackbone.DevNet };
            ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(data); // warm-up: one-time allocations
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long before = GC.GetTotalMemory(forceFullCollection: false);
            // Each default fit (50 epochs x 20 batches) leaves about 15 MB of garbage: 20 fits would pile up
            // about 300 MB if no collection ran between epochs.
            for (int i = 0; i < 20; i++)
                ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(data);
            long after = GC.GetTotalMemory(forceFullCollection: false);
            TestContext.Out.WriteLine($"managed heap {before / 1e6:F0} MB -> {after / 1e6:F0} MB over 20 fits, no forced collection");
            Assert.That(after - before, Is.LessThan(150_000_000), "the heap grew with every fit: garbage of the no-GC regions is never collected");
        }
    }
}
