using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// The layout of a delimited text file (what ML.NET's TextLoader reads): its column names and which
    /// columns hold numbers, judged on the first rows. The rest of the file is never read here.
    /// </summary>
    internal sealed class DelimitedFile
    {
        /// <summary>Rows looked at to decide whether a column is numeric.</summary>
        public const int SampleRows = 1000;

        private DelimitedFile(string path, char separator, bool hasHeader, string[] columns, bool[] numeric, bool[] boolean, bool[] hasValues)
        {
            Path = path;
            Separator = separator;
            HasHeader = hasHeader;
            Columns = columns;
            IsNumeric = numeric;
            IsBoolean = boolean;
            HasValues = hasValues;
        }

        public string Path { get; }

        public char Separator { get; }

        public bool HasHeader { get; }

        /// <summary>Column names: the header's, or <c>col0..colN-1</c> without a header.</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>Whether every sampled value of a column is a number or empty (missing).</summary>
        public IReadOnlyList<bool> IsNumeric { get; }

        /// <summary>Whether every sampled value of a column is true/false (or empty).</summary>
        public IReadOnlyList<bool> IsBoolean { get; }

        /// <summary>Whether a column has at least one non-empty value in the sample. A column without one says nothing
        /// about its type: it is neither numeric nor Boolean, and no reason to refuse it as a number either.</summary>
        public IReadOnlyList<bool> HasValues { get; }

        /// <summary>Reads the header and a sample of rows of <paramref name="path"/>.</summary>
        public static DelimitedFile Open(string path, char separator, bool hasHeader)
        {
            if (!File.Exists(path))
                throw new CliUserException($"No such file: '{path}'.");
            using var reader = new StreamReader(path);
            string? first = reader.ReadLine();
            if (first is null)
                throw new CliUserException($"'{path}' is empty.");
            string[] firstFields = Split(first, separator);
            string[] columns = hasHeader
                ? firstFields.Select((name, i) => string.IsNullOrWhiteSpace(name) ? "col" + i : name.Trim()).ToArray()
                : Enumerable.Range(0, firstFields.Length).Select(i => "col" + i).ToArray();
            string? duplicate = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (duplicate != null)
                throw new CliUserException($"'{path}' has two columns named '{duplicate}'.");

            var numeric = Enumerable.Repeat(true, columns.Length).ToArray();
            var boolean = Enumerable.Repeat(true, columns.Length).ToArray();
            var seen = new bool[columns.Length];
            int sampled = 0;
            string? line = hasHeader ? reader.ReadLine() : first;
            while (line != null && sampled < SampleRows)
            {
                if (line.Length > 0)
                {
                    string[] fields = Split(line, separator);
                    for (int c = 0; c < columns.Length; c++)
                    {
                        string value = c < fields.Length ? fields[c].Trim() : string.Empty;
                        if (value.Length == 0 || value == "?" || value.Equals("NaN", StringComparison.OrdinalIgnoreCase))
                            continue;
                        seen[c] = true;
                        numeric[c] &= float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                        boolean[c] &= bool.TryParse(value, out _);
                    }
                    sampled++;
                }
                line = reader.ReadLine();
            }
            if (sampled == 0)
                throw new CliUserException($"'{path}' has no data rows.");
            for (int c = 0; c < columns.Length; c++)
            {
                // A column with no value in the sample says nothing about its type: treat it as text.
                numeric[c] &= seen[c];
                boolean[c] &= seen[c];
            }
            return new DelimitedFile(path, separator, hasHeader, columns, numeric, boolean, seen);
        }

        /// <summary>The index of column <paramref name="name"/> (exact match first, then ignoring case).</summary>
        public int IndexOf(string name, string role)
        {
            int index = Array.IndexOf(Columns.ToArray(), name);
            if (index < 0)
            {
                int[] loose = Enumerable.Range(0, Columns.Count)
                    .Where(i => string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase)).ToArray();
                if (loose.Length == 1)
                    index = loose[0];
            }
            if (index < 0)
                throw new CliUserException(
                    $"'{Path}' has no {role} column '{name}'. Its columns: {string.Join(", ", Columns.Take(30))}{(Columns.Count > 30 ? ", ..." : "")}.");
            return index;
        }

        /// <summary>Splits one line on <paramref name="separator"/>, honouring double quotes as TextLoader does.</summary>
        public static string[] Split(string line, char separator)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char ch = line[i];
                if (quoted)
                {
                    if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (ch == '"')
                        quoted = false;
                    else
                        field.Append(ch);
                }
                else if (ch == '"')
                    quoted = true;
                else if (ch == separator)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                    field.Append(ch);
            }
            fields.Add(field.ToString());
            return fields.ToArray();
        }

        /// <summary>A field as it must be written to a delimited file: quoted when it holds the separator,
        /// a quote or a line break.</summary>
        public static string Quote(string value, char separator)
        {
            if (value.IndexOf(separator) < 0 && value.IndexOf('"') < 0 && value.IndexOf('\n') < 0 && value.IndexOf('\r') < 0)
                return value;
            return "\"" + value.Replace("\"", "\"\"") + "\"";
        }

        /// <summary>Parses <c>--separator</c>: one character, or the words comma, tab, semicolon, space.</summary>
        public static char ParseSeparator(string text) => text.ToLowerInvariant() switch
        {
            "comma" or "," => ',',
            "tab" or "\\t" or "\t" => '\t',
            "semicolon" or ";" => ';',
            "space" or " " => ' ',
            "pipe" or "|" => '|',
            _ when text.Length == 1 => text[0],
            _ => throw new CliUserException($"--separator must be one character or comma, tab, semicolon, space, pipe; got '{text}'."),
        };
    }
}
