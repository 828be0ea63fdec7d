using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Reads a model state from bytes that may come from anywhere. Every count and length is checked against
    /// the bytes actually left (and against the caller's sane bound) before anything is allocated, so a
    /// tampered state costs at most memory and time in proportion to its own size, and fails with
    /// <see cref="AnoOnlyModelFormatException"/> rather than an <see cref="OutOfMemoryException"/> or a crash.
    /// </summary>
    internal ref struct BoundedReader
    {
        private readonly ReadOnlySpan<byte> _bytes;
        private int _position;

        public BoundedReader(ReadOnlySpan<byte> bytes)
        {
            _bytes = bytes;
            _position = 0;
        }

        public int Remaining => _bytes.Length - _position;

        public int ReadInt32(string what)
        {
            ReadOnlySpan<byte> field = Take(4, what);
            return BinaryPrimitives.ReadInt32LittleEndian(field);
        }

        public float ReadSingle(string what) => BitConverter.Int32BitsToSingle(ReadInt32(what));

        /// <summary>A count in [<paramref name="min"/>, <paramref name="max"/>].</summary>
        public int ReadCount(string what, int min, int max)
        {
            int value = ReadInt32(what);
            if (value < min || value > max)
                throw Malformed($"{what} is {value}; expected {min} to {max}");
            return value;
        }

        /// <summary>A float in every case but NaN (thresholds may be infinite).</summary>
        public float ReadNumber(string what)
        {
            float value = ReadSingle(what);
            if (float.IsNaN(value))
                throw Malformed($"{what} is not a number");
            return value;
        }

        /// <summary>A length-prefixed (int32) UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
        public string ReadString(string what, int maxBytes)
        {
            int length = ReadCount(what + " length", 0, maxBytes);
            return Utf8(Take(length, what), what);
        }

        /// <summary>A string with a 7-bit encoded length prefix, as <c>BinaryWriter.Write(string)</c> wrote it in format version 1.</summary>
        public string ReadPrefixedString(string what, int maxBytes)
        {
            int length = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (shift > 28)
                    throw Malformed($"{what} length is not a valid 7-bit encoded number");
                byte part = Take(1, what + " length")[0];
                length |= (part & 0x7F) << shift;
                if ((part & 0x80) == 0)
                    break;
            }
            if (length < 0 || length > maxBytes)
                throw Malformed($"{what} length is {length}; expected at most {maxBytes}");
            return Utf8(Take(length, what), what);
        }

        /// <summary><paramref name="count"/> little-endian floats; the count was checked by the caller's bound and is
        /// checked here against the bytes left.</summary>
        public float[] ReadFloats(string what, long count)
        {
            if (count < 0 || count > Remaining / 4)
                throw Malformed($"{what} claims {count} values but only {Remaining} bytes are left");
            var values = new float[count];
            Take((int)count * 4, what).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("Big-endian platforms are not supported.");
            return values;
        }

        private static string Utf8(ReadOnlySpan<byte> text, string what)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
            }
            catch (DecoderFallbackException)
            {
                throw Malformed($"{what} is not valid UTF-8");
            }
        }

        public void ExpectEnd()
        {
            if (Remaining != 0)
                throw Malformed($"{Remaining} bytes follow the end of the state");
        }

        private ReadOnlySpan<byte> Take(int length, string what)
        {
            if (length > Remaining)
                throw Malformed($"it ends inside {what}");
            ReadOnlySpan<byte> slice = _bytes.Slice(_position, length);
            _position += length;
            return slice;
        }

        public static AnoOnlyModelFormatException Malformed(string what) => new($"The AnoOnly model state is malformed: {what}.");
    }
}
