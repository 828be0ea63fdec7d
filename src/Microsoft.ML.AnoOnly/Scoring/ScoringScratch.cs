using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// How much scratch memory scoring may take. A model file may come from anywhere, and a layer's width is whatever it
    /// says (bounded only by the weights the file really holds): scratch space is therefore taken from the stack only
    /// below a small bound, and a block of rows holds as many rows as fit a fixed budget, at least one. Memory for
    /// scoring then stays in proportion to the model's own size.
    /// </summary>
    internal static class ScoringScratch
    {
        /// <summary>Floats of scratch a single row may take on the stack (8 KB); wider networks rent an array.</summary>
        public const int StackLimit = 2048;

        /// <summary>Floats of scratch one block of rows may take (256 KB, about an L2 cache).</summary>
        public const int BlockBudget = 1 << 16;

        /// <summary>The most rows scored in one block.</summary>
        public const int MaxBlockRows = 64;

        /// <summary>Rows per block for a network that needs <paramref name="floatsPerRow"/> floats of scratch per row.</summary>
        public static int BlockRows(long floatsPerRow) => (int)Math.Clamp(BlockBudget / Math.Max(1, floatsPerRow), 1, MaxBlockRows);

        public static float[] Rent(long floats) => Rent<float>(checked((int)floats));

        /// <summary>An array of at least <paramref name="length"/> elements from the shared pool, holding whatever its last
        /// user left in it.</summary>
        public static T[] Rent<T>(int length) => ArrayPool<T>.Shared.Rent(length);

        /// <summary>Gives back an array from <see cref="Rent{T}"/>; one of references is cleared first, so that the pool
        /// keeps nothing alive.</summary>
        public static void Return<T>(T[] array) => ArrayPool<T>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
    }
}
