using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Finds the AnoOnly model states in a (loaded) model and decodes them now. A loaded AnoOnly model is a
    /// chain whose value-mapping step maps the key <see cref="SavedColumns.StateKeyValue"/> to the Base64 state
    /// (see <see cref="SavedPipeline"/>); asking each value-mapping step of the model for that key finds them,
    /// wherever the AnoOnly chain sits in a larger pipeline.
    /// </summary>
    internal static class SavedStates
    {
        private sealed class KeyRow
        {
            [ColumnName(SavedColumns.StateKey)]
            public string Key = SavedColumns.StateKeyValue;
        }

        /// <summary>Decodes every AnoOnly state in <paramref name="model"/> (throwing
        /// <see cref="AnoOnlyModelFormatException"/> for a bad one) and returns how many there are.</summary>
        public static int Validate(ITransformer model)
        {
            int found = 0;
            IDataView? probe = null;
            foreach (ITransformer step in Steps(model))
            {
                if (step is not ValueMappingTransformer mapping)
                    continue;
                probe ??= Probe();
                if (!TryReadState(mapping, probe, out ReadOnlyMemory<char> state))
                    continue;
                LoadedModel.From(state);
                found++;
            }
            return found;
        }

        /// <summary>A one-row view holding the state key, to look the state up in a value mapping with.</summary>
        public static IDataView Probe() => new MLContext().Data.LoadFromEnumerable(new[] { new KeyRow() });

        private static IEnumerable<ITransformer> Steps(ITransformer model)
        {
            yield return model;
            if (model is IEnumerable<ITransformer> chain)
            {
                foreach (ITransformer inner in chain)
                {
                    foreach (ITransformer step in Steps(inner))
                        yield return step;
                }
            }
        }

        public static bool TryReadState(ValueMappingTransformer mapping, IDataView probe, out ReadOnlyMemory<char> state)
        {
            state = default;
            DataViewSchema output;
            try
            {
                output = mapping.GetOutputSchema(probe.Schema);
            }
            catch (ArgumentOutOfRangeException)
            {
                return false; // a value mapping of some other column of the user's pipeline
            }
            DataViewSchema.Column? column = output.GetColumnOrNull(SavedColumns.State);
            if (column is null || column.Value.Type is not TextDataViewType)
                return false;
            IDataView mapped = mapping.Transform(probe);
            using DataViewRowCursor cursor = mapped.GetRowCursor(new[] { mapped.Schema[SavedColumns.State] });
            ValueGetter<ReadOnlyMemory<char>> getState = cursor.GetGetter<ReadOnlyMemory<char>>(mapped.Schema[SavedColumns.State]);
            if (!cursor.MoveNext())
                return false;
            getState(ref state);
            return true;
        }
    }
}
