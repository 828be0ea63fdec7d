using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A column of the input that the caller of a block-scoring cursor asked for, copied row by row into a block while
    /// the cursor reads ahead, and served from there. Values are deep copies (vectors and text included), because the
    /// input's getters may reuse their buffers from one row to the next.
    /// </summary>
    internal abstract class BufferedColumn
    {
        /// <summary>A buffer for <paramref name="column"/>, or null for a type it cannot copy (the cursor then scores row
        /// by row instead).</summary>
        public static BufferedColumn? TryCreate(DataViewRowCursor input, DataViewSchema.Column column, int capacity)
        {
            Type raw = column.Type.RawType;
            Type buffer;
            if (column.Type is VectorDataViewType vector && IsPlainValue(vector.ItemType.RawType))
                buffer = typeof(Vector<>).MakeGenericType(vector.ItemType.RawType);
            else if (raw == typeof(ReadOnlyMemory<char>))
                buffer = typeof(Text);
            else if (column.Type is not VectorDataViewType && IsPlainValue(raw))
                buffer = typeof(Scalar<>).MakeGenericType(raw);
            else
                return null;
            return (BufferedColumn)Activator.CreateInstance(buffer, input, column, capacity)!;
        }

        /// <summary>Types copied by assignment: numbers, bool, keys, row ids, dates and times.</summary>
        private static bool IsPlainValue(Type type)
            => type.IsPrimitive || type == typeof(DataViewRowId) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
               || type == typeof(TimeSpan) || type == typeof(decimal);

        public abstract DataViewSchema.Column Column { get; }

        /// <summary>Copies the input's current value into <paramref name="slot"/>.</summary>
        public abstract void Read(int slot);

        /// <summary>A getter that serves the value of the slot <paramref name="currentSlot"/> returns.</summary>
        public abstract Delegate Getter(Func<int> currentSlot);

        private sealed class Scalar<T> : BufferedColumn
        {
            private readonly ValueGetter<T> _source;
            private readonly T[] _values;

            public Scalar(DataViewRowCursor input, DataViewSchema.Column column, int capacity)
            {
                Column = column;
                _source = input.GetGetter<T>(column);
                _values = new T[capacity];
            }

            public override DataViewSchema.Column Column { get; }
            public override void Read(int slot) => _source(ref _values[slot]);
            public override Delegate Getter(Func<int> currentSlot) => (ValueGetter<T>)((ref T value) => value = _values[currentSlot()]);
        }

        private sealed class Vector<T> : BufferedColumn
        {
            private readonly ValueGetter<VBuffer<T>> _source;
            private readonly VBuffer<T>[] _values;
            private VBuffer<T> _current;

            public Vector(DataViewRowCursor input, DataViewSchema.Column column, int capacity)
            {
                Column = column;
                _source = input.GetGetter<VBuffer<T>>(column);
                _values = new VBuffer<T>[capacity];
            }

            public override DataViewSchema.Column Column { get; }

            public override void Read(int slot)
            {
                _source(ref _current);
                _current.CopyTo(ref _values[slot]);
            }

            public override Delegate Getter(Func<int> currentSlot)
                => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _values[currentSlot()].CopyTo(ref value));
        }

        private sealed class Text : BufferedColumn
        {
            private readonly ValueGetter<ReadOnlyMemory<char>> _source;
            private readonly char[][] _chars;
            private readonly int[] _lengths;
            private ReadOnlyMemory<char> _current;

            public Text(DataViewRowCursor input, DataViewSchema.Column column, int capacity)
            {
                Column = column;
                _source = input.GetGetter<ReadOnlyMemory<char>>(column);
                _chars = new char[capacity][];
                _lengths = new int[capacity];
            }

            public override DataViewSchema.Column Column { get; }

            public override void Read(int slot)
            {
                _source(ref _current);
                char[]? chars = _chars[slot];
                if (chars == null || chars.Length < _current.Length)
                    _chars[slot] = chars = new char[Math.Max(16, _current.Length)];
                _current.Span.CopyTo(chars);
                _lengths[slot] = _current.Length;
            }

            public override Delegate Getter(Func<int> currentSlot) => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) =>
            {
                int slot = currentSlot();
                value = new ReadOnlyMemory<char>(_chars[slot], 0, _lengths[slot]);
            });
        }
    }
}
