using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Explanations
{
    /// <summary>
    /// What a scorer computed from the last explanation reference it was given, kept for the next row: the contribution
    /// transformer explains every row against the same reference, so work that depends on the reference alone (a
    /// forward pass through the network) need not be repeated per row. The reference is compared bit for bit, so a
    /// different one, or the same values with another zero's sign, is computed afresh. Thread-safe: an entry is never
    /// changed once made, and two threads that both compute one only make the same one twice.
    /// </summary>
    /// <typeparam name="T">What is kept; the caller must not change it.</typeparam>
    internal sealed class LastReference<T>
        where T : class
    {
        private readonly Func<float[], T> _compute;
        private Entry? _last;

        /// <param name="compute">What is kept, from a copy of the reference.</param>
        public LastReference(Func<float[], T> compute) => _compute = compute;

        /// <summary>The value for <paramref name="reference"/>: the kept one when the reference is the last one's, else
        /// the computation's from a copy of it, which is then kept.</summary>
        public T Get(ReadOnlySpan<float> reference)
        {
            Entry? last = Volatile.Read(ref _last);
            if (last != null && MemoryMarshal.Cast<float, int>(reference).SequenceEqual(MemoryMarshal.Cast<float, int>(last.Reference.AsSpan())))
                return last.Value;
            float[] copy = reference.ToArray();
            T value = _compute(copy);
            Volatile.Write(ref _last, new Entry(copy, value));
            return value;
        }

        private sealed record Entry(float[] Reference, T Value);
    }
}
