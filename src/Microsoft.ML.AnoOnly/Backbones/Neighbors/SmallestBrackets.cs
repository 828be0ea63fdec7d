using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.AnoOnly.Backbones.Neighbors
{
    /// <summary>
    /// The kNN member's choice of neighbours: the <c>k</c> smallest of a row's brackets to the reference rows, ascending,
    /// and which reference rows they belong to (the first of equal ones). The rule is plain: each bracket, in order, goes
    /// in when it is below the k-th smallest so far. Most never go in, so they are first screened against a bound on the
    /// k-th smallest of all (<see cref="Bound"/>): a bracket above it cannot be among the k smallest, and the brackets at
    /// or below it (a handful) are taken one by one, in order, by the same rule. The screen has no branch: the comparisons
    /// of 64 brackets become the bits of one word, whose set bits are then visited in order. This runs once per row
    /// scored, over hundreds of brackets, so it avoids calls, bounds checks and zeroed stack memory in its loops.
    /// </summary>
    [SkipLocalsInit]
    internal static class SmallestBrackets
    {
        /// <summary>Fills <paramref name="nearest"/> (k = its length, at least 1) with the k smallest of
        /// <paramref name="brackets"/>, ascending, and <paramref name="which"/> with their places; +infinity and 0 where
        /// there are fewer than k.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Select(ReadOnlySpan<float> brackets, Span<float> nearest, Span<int> which)
        {
            int k = nearest.Length;
            if (k < 1 || which.Length != k)
                throw new ArgumentException("Choose at least one neighbour, with one place for each.", nameof(which));
            nearest.Fill(float.PositiveInfinity);
            which.Clear();
            ref float first = ref MemoryMarshal.GetReference(brackets);
            ref float smallest = ref MemoryMarshal.GetReference(nearest);
            ref int places = ref MemoryMarshal.GetReference(which);
            int lanes = Vector256<float>.Count;
            int whole = Vector256.IsHardwareAccelerated && k <= lanes ? brackets.Length / lanes * lanes : 0;
            if (whole > 0)
            {
                Vector256<float> bound = Vector256.Create(Bound(ref first, whole, k));
                for (int start = 0; start < whole; start += 8 * lanes)
                {
                    ulong below = 0;
                    for (int r = start, end = Math.Min(whole, start + 8 * lanes); r < end; r += lanes)
                        below |= (ulong)Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)r), bound).ExtractMostSignificantBits() << (r - start);
                    for (; below != 0; below &= below - 1)
                    {
                        int index = start + BitOperations.TrailingZeroCount(below);
                        Take(ref smallest, ref places, k, Unsafe.Add(ref first, index), index);
                    }
                }
            }
            for (int r = whole; r < brackets.Length; r++)
                Take(ref smallest, ref places, k, Unsafe.Add(ref first, r), r);
        }

        /// <summary>
        /// A bound on the k-th smallest of the first <paramref name="whole"/> brackets (whole vectors, k at most 8): the
        /// k-th smallest of the eight lanes' minima, since they are k brackets from distinct places. The processor's own
        /// minimum (<see cref="Min"/>) is enough: whatever it makes of a NaN, each lane still ends on one of its own
        /// brackets. A NaN lane counts as +infinity, so with fewer than k ordered lanes the bound is +infinity and screens
        /// nothing out.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Bound(ref float first, int whole, int k)
        {
            int lanes = Vector256<float>.Count;
            // Four running minima, so that consecutive minimums do not wait on each other.
            Vector256<float> m0 = Vector256.LoadUnsafe(ref first), m1 = m0, m2 = m0, m3 = m0;
            int r = lanes;
            for (; r + 4 * lanes <= whole; r += 4 * lanes)
            {
                m0 = Min(m0, Vector256.LoadUnsafe(ref first, (nuint)r));
                m1 = Min(m1, Vector256.LoadUnsafe(ref first, (nuint)(r + lanes)));
                m2 = Min(m2, Vector256.LoadUnsafe(ref first, (nuint)(r + 2 * lanes)));
                m3 = Min(m3, Vector256.LoadUnsafe(ref first, (nuint)(r + 3 * lanes)));
            }
            for (; r < whole; r += lanes)
                m0 = Min(m0, Vector256.LoadUnsafe(ref first, (nuint)r));
            Vector256<float> minima = Min(Min(m0, m1), Min(m2, m3));
            minima = Vector256.ConditionalSelect(Vector256.Equals(minima, minima), minima, Vector256.Create(float.PositiveInfinity));
            // The k-th smallest of the eight: sort them (insertion, eight values).
            Span<float> sorted = stackalloc float[8];
            minima.CopyTo(sorted);
            for (int i = 1; i < sorted.Length; i++)
            {
                float value = sorted[i];
                int j = i;
                for (; j > 0 && sorted[j - 1] > value; j--)
                    sorted[j] = sorted[j - 1];
                sorted[j] = value;
            }
            return sorted[k - 1];
        }

        /// <summary>The processor's minimum (<c>vminps</c>): the portable one also orders NaN and signed zeros, which the
        /// bound does not need and which costs several instructions more.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Avx.IsSupported ? Avx.Min(a, b) : Vector256.Min(a, b);

        /// <summary>The rule: <paramref name="value"/> goes in, in its place among the k smallest so far, when it is below
        /// the k-th of them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Take(ref float smallest, ref int places, int k, float value, int index)
        {
            int i = k - 1;
            if (!(value < Unsafe.Add(ref smallest, i)))
                return;
            for (; i > 0 && Unsafe.Add(ref smallest, i - 1) > value; i--)
            {
                Unsafe.Add(ref smallest, i) = Unsafe.Add(ref smallest, i - 1);
                Unsafe.Add(ref places, i) = Unsafe.Add(ref places, i - 1);
            }
            Unsafe.Add(ref smallest, i) = value;
            Unsafe.Add(ref places, i) = index;
        }
    }
}
