using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// Rewrites the library's messages about its input in the user's terms: the tool reads the user's
    /// columns into a <c>Features</c> vector and a <c>Label</c> column, names the user never wrote.
    /// </summary>
    internal static partial class LibraryMessages
    {
        public static CliUserException Translate(AnoOnlyInputException error, string? labelColumn, IReadOnlyList<string> featureColumns)
        {
            string message = error.Message;
            message = SlotMessage().Replace(message, match =>
            {
                int slot = int.Parse(match.Groups["slot"].Value, CultureInfo.InvariantCulture);
                return slot < featureColumns.Count ? $"in feature column '{featureColumns[slot]}' of" : match.Value;
            });
            if (labelColumn != null)
                message = message.Replace($"'{FileLoaders.Label}'", $"'{labelColumn}'");
            message = message.Replace($"Column '{FileLoaders.Features}'", "The feature vector")
                             .Replace($"column '{FileLoaders.Features}'", "the feature vector");
            return new CliUserException(message, error);
        }

        /// <summary>The library's input error behind <paramref name="error"/>: ML.NET's parallel cursors wrap
        /// exceptions thrown while rows are read.</summary>
        public static AnoOnlyInputException? InputErrorIn(System.Exception? error)
        {
            for (; error != null; error = error.InnerException)
            {
                if (error is AnoOnlyInputException input)
                    return input;
            }
            return null;
        }

        [GeneratedRegex(@"at slot (?<slot>\d+) of")]
        private static partial Regex SlotMessage();
    }
}
