using System;
using System.Runtime.CompilerServices;
using System.Globalization;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// Parses a number field the way ML.NET's <c>TextLoader</c> parses it into a <see cref="float"/>, bit for bit, straight
    /// from the file's UTF-8 bytes. The streaming reader must give the model the very values <c>TextLoader</c> would, or its
    /// scores would differ from the TextLoader path in the last digit now and then; .NET's own <c>float.Parse</c> (correctly
    /// rounded) and <c>Utf8Parser</c> do not agree with ML.NET on every input.
    /// </summary>
    /// <remarks>
    /// ML.NET reads the digits into a 64-bit integer (digits past its capacity only move the decimal exponent), then
    /// multiplies that integer, as a double, by the double nearest to 10^exponent from a table (10^1 to 10^39, 10^-1 to
    /// 10^-65; beyond them +infinity or zero), and rounds the product to float. A blank field is missing (NaN, as the tool's
    /// loader sets <c>MissingRealsAsNaNs</c>), and so are <c>?</c> and <c>NaN</c>. Anything else that ML.NET reads
    /// differently (whitespace, infinity, <c>NA</c>, a malformed number) is refused here, so that the caller hands the row
    /// to <c>TextLoader</c> itself. <c>TextLoaderNumbersTests</c> checks the agreement on a million strings and on the
    /// powers-of-ten table's every entry.
    /// </remarks>
    internal static class TextLoaderNumbers
    {
        /// <summary>Past this the digits no longer fit: ML.NET's own bound.</summary>
        private const ulong DigitsMax = (ulong.MaxValue - 9) / 10;

        /// <summary>The double nearest to 10^(i+1): ML.NET's table, whose entries are the correctly rounded powers.</summary>
        internal static readonly double[] PositivePowers = Powers(39, "1e");

        /// <summary>The double nearest to 10^-(i+1).</summary>
        internal static readonly double[] NegativePowers = Powers(65, "1e-");

        /// <summary>Parses one field; false when ML.NET might read it otherwise (the caller then leaves the row to ML.NET).</summary>
        // Optimised from the first call: tiering would run the first millions of fields through unoptimised code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool TryParse(ReadOnlySpan<byte> field, out float value)
        {
            if (field.IsEmpty)
            {
                value = float.NaN;
                return true;
            }
            int i = 0;
            bool negative = false;
            byte first = field[0];
            if (first == '-' || first == '+')
            {
                negative = first == '-';
                if (++i >= field.Length)
                    return Refuse(out value);
            }
            else if (first == '?' && field.Length == 1 || first == 'N' && field.SequenceEqual("NaN"u8))
            {
                value = float.NaN;
                return true;
            }

            ulong digits = 0;
            long exponent = 0;
            int integerStart = i;
            uint d;
            if (field.Length <= 18)
            {
                // At most 18 digits always fit: the common case skips ML.NET's capacity test.
                for (; i < field.Length && (d = (uint)(field[i] - '0')) <= 9; i++)
                    digits = 10 * digits + d;
            }
            else
            {
                for (; i < field.Length && (d = (uint)(field[i] - '0')) <= 9; i++)
                {
                    if (digits < DigitsMax)
                        digits = 10 * digits + d;
                    else
                        exponent++;
                }
            }
            bool any = i > integerStart;
            if (i < field.Length && field[i] == '.')
            {
                int fractionStart = ++i;
                if (field.Length <= 18)
                {
                    for (; i < field.Length && (d = (uint)(field[i] - '0')) <= 9; i++)
                        digits = 10 * digits + d;
                    exponent -= i - fractionStart;
                }
                else
                {
                    for (; i < field.Length && (d = (uint)(field[i] - '0')) <= 9; i++)
                    {
                        if (digits < DigitsMax)
                        {
                            digits = 10 * digits + d;
                            exponent--;
                        }
                    }
                }
                any |= i > fractionStart;
            }
            if (!any)
                return Refuse(out value);
            if (i < field.Length && (field[i] == 'e' || field[i] == 'E'))
            {
                // An exponent needs digits of its own; ML.NET would read "1e" or "1e+" as a malformed value.
                i++;
                bool exponentNegative = false;
                if (i < field.Length && (field[i] == '-' || field[i] == '+'))
                    exponentNegative = field[i++] == '-';
                int start = i;
                long e = 0;
                for (; i < field.Length && (d = (uint)(field[i] - '0')) <= 9; i++)
                {
                    if (e < 1_000_000)
                        e = 10 * e + d;
                }
                if (i == start)
                    return Refuse(out value);
                exponent += exponentNegative ? -e : e;
            }
            if (i != field.Length)
                return Refuse(out value);

            value = Scale(digits, exponent);
            if (negative)
                value = -value;
            return true;
        }

        private static float Scale(ulong digits, long exponent)
        {
            if (digits == 0)
                return 0;
            double power;
            if (exponent == 0)
                power = 1;
            else if (exponent > 0)
            {
                if (exponent > PositivePowers.Length)
                    return float.PositiveInfinity;
                power = PositivePowers[exponent - 1];
            }
            else
            {
                if (-exponent > NegativePowers.Length)
                    return 0;
                power = NegativePowers[-exponent - 1];
            }
            // ulong to double through long, halving with a sticky bit when the top bit is set, as ML.NET does.
            double mantissa = (long)digits >= 0 ? (long)digits : 2.0 * (long)((digits >> 1) | (digits & 1));
            return (float)(power * mantissa);
        }

        private static bool Refuse(out float value)
        {
            value = float.NaN;
            return false;
        }

        private static double[] Powers(int count, string prefix)
        {
            var powers = new double[count];
            for (int i = 0; i < count; i++)
                powers[i] = double.Parse(prefix + (i + 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return powers;
        }
    }
}
