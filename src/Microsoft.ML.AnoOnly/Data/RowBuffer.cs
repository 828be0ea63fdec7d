using System;

namespace Microsoft.ML.AnoOnly.Data
{
    /// <summary>Rows of a fixed width in one contiguous, growing float array: no object per row.</summary>
    internal sealed class RowBuffer
    {
        private float[] _values;

        public RowBuffer(int width, int initialRows = 256)
        {
            Width = width;
            _values = new float[(long)width * Math.Max(1, initialRows) > Array.MaxLength ? width : width * Math.Max(1, initialRows)];
        }

        public int Width { get; }
        public int Count { get; private set; }

        /// <summary>Rows the buffer holds before it grows (its memory, in rows).</summary>
        public int Capacity => _values.Length / Width;

        /// <summary>All rows, row-major.</summary>
        public ReadOnlySpan<float> Values => _values.AsSpan(0, Count * Width);

        public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * Width, Width);

        public void Add(ReadOnlySpan<float> row)
        {
            if ((long)(Count + 1) * Width > _values.Length)
            {
                long grown = Math.Min(Math.Max((long)_values.Length * 2, (long)(Count + 1) * Width), Array.MaxLength);
                if (grown < (long)(Count + 1) * Width)
                    throw new InsufficientMemoryException(
                        $"More than {Count} rows of {Width} features do not fit in one buffer; lower MaxUnlabeledRows.");
                Array.Resize(ref _values, (int)grown);
            }
            row.CopyTo(_values.AsSpan(Count * Width, Width));
            Count++;
        }

        public void Replace(int index, ReadOnlySpan<float> row) => row.CopyTo(_values.AsSpan(index * Width, Width));

        /// <summary>A new buffer holding the rows at <paramref name="indices"/>, in that order.</summary>
        public RowBuffer Subset(ReadOnlySpan<int> indices)
        {
            var subset = new RowBuffer(Width, indices.Length);
            foreach (int index in indices)
                subset.Add(Row(index));
            return subset;
        }

        /// <summary>Copies the rows at <paramref name="indices"/> into <paramref name="destination"/>, row-major.</summary>
        public void Gather(ReadOnlySpan<int> indices, Span<float> destination)
        {
            for (int i = 0; i < indices.Length; i++)
                Row(indices[i]).CopyTo(destination.Slice(i * Width, Width));
        }
    }
}
