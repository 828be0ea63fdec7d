using System;
using System.Linq;
using System.Runtime;
using System.Threading;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Networks that train side by side share one no-GC region. A region that runs out of budget collects at once, in
    /// the middle of whatever native call is running, which is what the region is there to prevent; so the shared
    /// region must end and restart before its budget is spent, however the fits overlap.
    /// </summary>
    public class GcPauseTests
    {
        [Test]
        public void ASharedRegionNeverRunsOutOfBudget()
        {
            int epochsOutsideARegion = 0, epochsInside = 0;
            Func<int>[] fits = Enumerable.Range(0, 2).Select(_ => (Func<int>)(() =>
            {
                for (int epoch = 0; epoch < 40; epoch++)
                {
                    using (GcPause.Enter())
                    {
                        // 4 MB an epoch, 320 MB in all: more than two budgets' worth, with the two fits overlapping.
                        for (int i = 0; i < 40; i++)
                            GC.KeepAlive(new byte[100_000]);
                        Thread.Sleep(1);
                        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
                            Interlocked.Increment(ref epochsInside);
                        else
                            Interlocked.Increment(ref epochsOutsideARegion);
                    }
                }
                return 0;
            })).ToArray();
            SideBySide.Run(fits, 2);
            TestContext.Out.WriteLine($"epochs ending inside a region: {epochsInside}, outside: {epochsOutsideARegion}");
            Assume.That(epochsInside, Is.GreaterThan(0), "this runtime grants no-GC regions");
            Assert.That(epochsOutsideARegion, Is.Zero, "no region ran out of budget");
        }
    }
}
