using System;
using System.Runtime;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// Keeps the garbage collector from running while training talks to libtorch.
    /// </summary>
    /// <remarks>
    /// TorchSharp 0.107 passes temporary <c>Scalar</c> objects to native calls without keeping them alive: implicit
    /// conversions such as BatchNorm's <c>num_batches_tracked.add_(1)</c>, RMSprop's <c>1 - alpha</c> and Adam's
    /// step sizes. A collection during such a call lets the finalizer thread free the Scalar while libtorch reads
    /// it. Seen here as "Unknown scalar type", "For integral input tensors, argument alpha must not be a floating
    /// point number" or silently wrong values, in a few percent of fits on sets of 100+ features (more garbage,
    /// more collections). A no-GC region per epoch closes that window: collections happen between epochs, while
    /// this thread runs managed code. Process-wide and counted, so concurrent fits share one region.
    /// </remarks>
    internal static class GcPause
    {
        private const long Budget = 128L * 1024 * 1024;
        private static readonly object Gate = new();
        private static int _holders;
        private static long _allocatedAtLastCollection;
        private static long _allocatedAtRegionStart;
        /// <summary>The budget the current region got: <see cref="Budget"/>, or less where the runtime could not reserve it;
        /// 0 when none started.</summary>
        private static long _regionBudget;
        private static int _regionsEndedEarly;

        private static bool Started => _regionBudget > 0;

        /// <summary>How many times a fit left its region after the region had ended: a collection ran while it trained
        /// (tests check that none does, however the fits overlap).</summary>
        internal static int RegionsEndedEarly => Volatile.Read(ref _regionsEndedEarly);

        public static IDisposable Enter()
        {
            lock (Gate)
            {
                // Networks that train side by side keep one region open between them: each joins it while the other
                // is inside. Left alone, that region would outlive its budget, and a region that runs out collects
                // at once, in the middle of whatever native call is running (seen as "Unknown scalar type" on sets
                // of 512 features). Once half of the budget is spent, a fit waits for the others to leave, so the
                // region ends, its garbage is collected, and a fresh one starts.
                while (_holders > 0 && Started && GC.GetTotalAllocatedBytes() - _allocatedAtRegionStart > _regionBudget / 2)
                    Monitor.Wait(Gate);
                if (_holders++ == 0)
                {
                    CollectGarbageOfEarlierRegions();
                    _regionBudget = TryStart();
                    _allocatedAtRegionStart = GC.GetTotalAllocatedBytes();
                }
            }
            return new Release();
        }

        /// <summary>
        /// A no-GC region only collects when the runtime cannot reserve its budget, and the allocations made inside
        /// one do not count towards the next ordinary collection. A process that trains many models (a sweep, a
        /// cross-validation, a benchmark) would then grow by every epoch's garbage, tens of MB a fit, without ever
        /// collecting it. A gen0 collection before a region, once a budget's worth has been allocated since the
        /// last one, keeps the heap at its working size.
        /// </summary>
        private static void CollectGarbageOfEarlierRegions()
        {
            long allocated = GC.GetTotalAllocatedBytes();
            if (allocated - _allocatedAtLastCollection < Budget)
                return;
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            _allocatedAtLastCollection = allocated;
        }

        /// <summary>Starts a region of the largest budget the runtime can reserve, from <see cref="Budget"/> down to 8 MB;
        /// returns that budget, or 0 when none started. Half of it, not of <see cref="Budget"/>, is where fits side by
        /// side let the region end: a smaller region would otherwise run out while they train.</summary>
        private static long TryStart()
        {
            for (long budget = Budget; budget >= 8L * 1024 * 1024; budget /= 2)
            {
                try
                {
                    return GC.TryStartNoGCRegion(budget) ? budget : 0;
                }
                catch (ArgumentOutOfRangeException)
                {
                    // More than this runtime's ephemeral space: try a smaller budget.
                }
                catch (InvalidOperationException)
                {
                    return 0; // another component of the process holds a no-GC region
                }
            }
            return 0;
        }

        private sealed class Release : IDisposable
        {
            private bool _released;

            public void Dispose()
            {
                lock (Gate)
                {
                    if (_released)
                        return;
                    _released = true;
                    if (Started && GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
                        _regionsEndedEarly++;
                    // The region also ends by itself when its budget is spent; only end one that is still on.
                    if (--_holders > 0)
                        return;
                    if (Started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
                        GC.EndNoGCRegion();
                    Monitor.PulseAll(Gate); // fits waiting for this region to end start the next
                }
            }
        }
    }
}
