using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// Which CSV column each slot of a model's prepared feature vector comes from: a numeric column gives its value (and
    /// its missing indicator), a categorical column one slot per category. The tool needs it to name the column behind an
    /// error about a slot and to add up a column's contributions for <c>--explain</c>.
    /// </summary>
    /// <remarks>
    /// It is read from the vector's slot names, which ML.NET's <c>Concatenate</c> builds from the names of the columns it
    /// joins (<c>column</c>, or <c>column.slot</c> for a vector such as a one-hot encoding); the featurizer's columns carry
    /// the CSV column's name after a prefix of its own. A slot is given the CSV column whose name appears in it earliest,
    /// as a whole dot-separated part (so a category value that happens to be another column's name does not win); ties
    /// go to the longer name.
    /// </remarks>
    internal static class SlotColumns
    {
        /// <summary>The CSV column of each slot of <paramref name="model"/>'s feature vector; null where no column matches.</summary>
        public static string?[] Of(TransformerChain<AnoOnlyTransformer> model, DataViewSchema inputSchema, IReadOnlyList<string> columns)
        {
            AnoOnlyTransformer detector = model.LastTransformer;
            var preparation = new TransformerChain<ITransformer>(model.Take(model.Count() - 1).ToArray());
            DataViewSchema.Column? vector = preparation.GetOutputSchema(inputSchema).GetColumnOrNull(detector.FeatureColumnName);
            var slots = new string?[detector.FeatureCount];
            VBuffer<ReadOnlyMemory<char>> names = default;
            if (vector is not DataViewSchema.Column column || !column.HasSlotNames())
                return slots;
            column.GetSlotNames(ref names);
            ReadOnlyMemory<char>[] slotNames = names.DenseValues().ToArray();
            for (int i = 0; i < slots.Length && i < slotNames.Length; i++)
                slots[i] = ColumnOf(slotNames[i].ToString(), columns);
            return slots;
        }

        internal static string? ColumnOf(string slotName, IReadOnlyList<string> columns)
        {
            string? best = null;
            int bestPosition = int.MaxValue;
            foreach (string column in columns)
            {
                int position = PartPosition(slotName, column);
                if (position >= 0 && (position < bestPosition || (position == bestPosition && column.Length > best!.Length)))
                {
                    best = column;
                    bestPosition = position;
                }
            }
            return best;
        }

        /// <summary>Where <paramref name="part"/> occurs in <paramref name="name"/> bounded by dots or the ends; -1 if not.</summary>
        private static int PartPosition(string name, string part)
        {
            for (int at = name.IndexOf(part, StringComparison.Ordinal); at >= 0; at = name.IndexOf(part, at + 1, StringComparison.Ordinal))
            {
                int end = at + part.Length;
                if ((at == 0 || name[at - 1] == '.') && (end == name.Length || name[end] == '.'))
                    return at;
            }
            return -1;
        }
    }
}
