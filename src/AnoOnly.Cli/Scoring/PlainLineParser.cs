using System;
using System.Runtime.CompilerServices;
using System.Buffers;
using System.Linq;
using System.Text;
using System.Text.Unicode;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// Reads the feature fields of one line of a delimited file into floats, for the lines whose bytes the TextLoader path
    /// would write back unchanged: the streaming reader copies such a line through as it is, so both paths write the same
    /// bytes. A line qualifies ("plain") when it has exactly the file's number of fields, no quote, no carriage return, no
    /// field that starts with a space (TextLoader skips those spaces), no trailing whitespace (TextLoader trims it), valid
    /// UTF-8, and feature fields that <see cref="TextLoaderNumbers"/> reads as TextLoader does. Any other line ends the
    /// streaming part: TextLoader reads it and the rest of the file.
    /// </summary>
    internal sealed class PlainLineParser
    {
        private readonly byte _separator;
        private readonly int _columnCount;

        /// <summary>For each column of the file, its position among the features, or -1 when it is not read.</summary>
        private readonly int[] _featureSlot;

        /// <param name="separator">The separator: an ASCII character other than a space, a quote or a line break.</param>
        /// <param name="columnCount">The number of fields of every line.</param>
        /// <param name="featureIndexes">The file positions of the feature columns, in the order their values are written.</param>
        public PlainLineParser(char separator, int columnCount, int[] featureIndexes)
        {
            if (!CanSeparate(separator))
                throw new ArgumentException($"'{separator}' cannot separate the fields of a plain line.", nameof(separator));
            _separator = (byte)separator;
            _columnCount = columnCount;
            _featureSlot = new int[columnCount];
            Array.Fill(_featureSlot, -1);
            for (int slot = 0; slot < featureIndexes.Length; slot++)
                _featureSlot[featureIndexes[slot]] = slot;
            FeatureCount = featureIndexes.Length;
            _lastFeatureColumn = featureIndexes.Length == 0 ? -1 : featureIndexes.Max();
        }

        private static readonly SearchValues<byte> QuoteOrReturn = SearchValues.Create("\"\r"u8);

        private readonly int _lastFeatureColumn;

        public int FeatureCount { get; }

        /// <summary>Whether lines separated by <paramref name="separator"/> can be plain: a space separator changes how
        /// TextLoader treats spaces, and a quote or a line break cannot separate anything.</summary>
        public static bool CanSeparate(char separator)
            => separator < 0x80 && separator != ' ' && separator != '"' && separator != '\r' && separator != '\n';

        /// <summary>
        /// Parses <paramref name="line"/> (without its line break) into <paramref name="features"/>; false when the line is
        /// not plain, and then the values written are meaningless.
        /// </summary>
        // Optimised from the first call, like the number parser.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryParse(ReadOnlySpan<byte> line, Span<float> features)
        {
            // Whole-line checks first, each one vectorised pass.
            if (line.IsEmpty || line[0] == ' ' || !EndsWithoutWhitespace(line) || line.IndexOfAny(QuoteOrReturn) >= 0)
                return false;
            // The TextLoader path decodes and re-encodes text: only valid UTF-8 comes back byte for byte.
            if (!System.Text.Ascii.IsValid(line) && !Utf8.IsValid(line))
                return false;

            ReadOnlySpan<byte> rest = line;
            for (int column = 0; column <= _lastFeatureColumn; column++)
            {
                int end = rest.IndexOf(_separator);
                ReadOnlySpan<byte> field = end < 0 ? rest : rest[..end];
                int slot = _featureSlot[column];
                if (slot >= 0 ? !TextLoaderNumbers.TryParse(field, out features[slot]) : !field.IsEmpty && field[0] == ' ')
                    return false; // a number TextLoader reads otherwise, or a space TextLoader would skip
                if (end < 0)
                    return column == _columnCount - 1;
                rest = rest[(end + 1)..];
            }
            // The columns after the last feature are copied through: only their count, and no space starting one, matter.
            ReadOnlySpan<byte> separatorSpace = stackalloc byte[] { _separator, (byte)' ' };
            return rest.Count(_separator) == _columnCount - 2 - _lastFeatureColumn && (rest.IsEmpty || rest[0] != ' ')
                && rest.IndexOf(separatorSpace) < 0;
        }

        /// <summary>TextLoader trims the end of each line by <c>char.IsWhiteSpace</c>, Unicode spaces included.</summary>
        private static bool EndsWithoutWhitespace(ReadOnlySpan<byte> line)
        {
            byte last = line[^1];
            if (last < 0x80)
                return !char.IsWhiteSpace((char)last);
            return Rune.DecodeLastFromUtf8(line, out Rune rune, out _) == System.Buffers.OperationStatus.Done && !Rune.IsWhiteSpace(rune);
        }
    }
}
