using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// Sums of squares in one fixed order on every processor: eight running sums (a multiply, then an add, never fused),
    /// added pairwise, then the last values one by one. A reduction that follows the processor's widest vectors (as
    /// <c>TensorPrimitives</c> does) gives other last bits on a processor with 512-bit vectors than on one without, so a
    /// score would depend on the machine. The scorers' distances and norms (the kNN member's, DeepSAD's distance to its
    /// centre, FEAWAD's residual norm) all go through here.
    /// </summary>
    internal static class FixedOrderSums
    {
        /// <summary>Σ (x_i - r_i)²; <paramref name="r"/> as long as <paramref name="x"/>.</summary>
        public static float SumOfSquaredGaps(ReadOnlySpan<float> x, ReadOnlySpan<float> r)
        {
            if (r.Length != x.Length)
                throw new ArgumentException("The vectors differ in length.", nameof(r));
            return Sum(x, r, gaps: true);
        }

        /// <summary>Σ x_i², the same bits as <see cref="SumOfSquaredGaps"/> against zeros.</summary>
        public static float SumOfSquares(ReadOnlySpan<float> x) => Sum(x, x, gaps: false);

        /// <summary>The eight running sums added in the fixed order: lane l with lane l + 4, then (0 + 2) + (1 + 3). The
        /// kernels' fused dot product (<see cref="DenseKernels.Dot"/>) ends the same way.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float FoldLanes(Vector256<float> lanes)
        {
            Vector128<float> half = lanes.GetLower() + lanes.GetUpper();
            return (half.GetElement(0) + half.GetElement(2)) + (half.GetElement(1) + half.GetElement(3));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static float Sum(ReadOnlySpan<float> x, ReadOnlySpan<float> r, bool gaps)
        {
            int lanes = Vector256<float>.Count, whole = x.Length / lanes * lanes;
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float rs = ref MemoryMarshal.GetReference(r);
            Vector256<float> sums = Vector256<float>.Zero;
            for (int i = 0; i < whole; i += lanes)
            {
                Vector256<float> value = Vector256.LoadUnsafe(ref xs, (nuint)i);
                if (gaps)
                    value -= Vector256.LoadUnsafe(ref rs, (nuint)i);
                sums += value * value;
            }
            float sum = FoldLanes(sums);
            for (int i = whole; i < x.Length; i++)
            {
                float value = gaps ? Unsafe.Add(ref xs, i) - Unsafe.Add(ref rs, i) : Unsafe.Add(ref xs, i);
                sum += value * value;
            }
            return sum;
        }
    }
}
