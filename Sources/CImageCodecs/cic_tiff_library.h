/* libtiff, loaded when the first TIFF file is met (cic_tiff_library.c). Include after <tiffio.h>: the TIFF
 * functions cic_tiff.c calls are then names for the loaded ones. */
#ifndef CIC_TIFF_LIBRARY_H
#define CIC_TIFF_LIBRARY_H
#include <tiffio.h>

/* The libtiff functions cic_tiff.c calls (each `TIFFNAME`), listed once for the table and its loading: X(NAME)
 * for each. (The names below cannot come from the list: a macro cannot define macros.) */
#define CIC_TIFF_FUNCTIONS(X) \
    X(GetField) \
    X(IsTiled) \
    X(GetFieldDefaulted) \
    X(RGBAImageOK) \
    X(NumberOfTiles) \
    X(NumberOfStrips) \
    X(Close) \
    X(TileSize) \
    X(StripSize) \
    X(ReadEncodedTile) \
    X(ReadEncodedStrip) \
    X(ReadDirectory) \
    X(RGBAImageGet) \
    X(RGBAImageEnd) \
    X(RGBAImageBegin) \
    X(OpenOptionsSetWarningHandlerExtR) \
    X(OpenOptionsSetMaxSingleMemAlloc) \
    X(OpenOptionsSetErrorHandlerExtR) \
    X(OpenOptionsFree) \
    X(OpenOptionsAlloc) \
    X(NumberOfDirectories) \
    X(GetStrileOffsetWithErr) \
    X(GetStrileByteCountWithErr) \
    X(ClientOpenExt)

/* Each typed as tiffio.h declares it. */
typedef struct cic_tiff_api {
#define CIC_TIFF_FIELD(name) __typeof__(TIFF##name) *name;
    CIC_TIFF_FUNCTIONS(CIC_TIFF_FIELD)
#undef CIC_TIFF_FIELD
} cic_tiff_api;

/* Loads libtiff once (thread-safe); 0 when it cannot be loaded, with the reason in *why. */
int cic_tiff_library(const char **why);

/* The loaded functions, valid once cic_tiff_library answered 1. */
extern cic_tiff_api cic_tiff;

#ifndef CIC_TIFF_LIBRARY_NO_NAMES
#define TIFFGetField (cic_tiff.GetField)
#define TIFFIsTiled (cic_tiff.IsTiled)
#define TIFFGetFieldDefaulted (cic_tiff.GetFieldDefaulted)
#define TIFFRGBAImageOK (cic_tiff.RGBAImageOK)
#define TIFFNumberOfTiles (cic_tiff.NumberOfTiles)
#define TIFFNumberOfStrips (cic_tiff.NumberOfStrips)
#define TIFFClose (cic_tiff.Close)
#define TIFFTileSize (cic_tiff.TileSize)
#define TIFFStripSize (cic_tiff.StripSize)
#define TIFFReadEncodedTile (cic_tiff.ReadEncodedTile)
#define TIFFReadEncodedStrip (cic_tiff.ReadEncodedStrip)
#define TIFFReadDirectory (cic_tiff.ReadDirectory)
#define TIFFRGBAImageGet (cic_tiff.RGBAImageGet)
#define TIFFRGBAImageEnd (cic_tiff.RGBAImageEnd)
#define TIFFRGBAImageBegin (cic_tiff.RGBAImageBegin)
#define TIFFOpenOptionsSetWarningHandlerExtR (cic_tiff.OpenOptionsSetWarningHandlerExtR)
#define TIFFOpenOptionsSetMaxSingleMemAlloc (cic_tiff.OpenOptionsSetMaxSingleMemAlloc)
#define TIFFOpenOptionsSetErrorHandlerExtR (cic_tiff.OpenOptionsSetErrorHandlerExtR)
#define TIFFOpenOptionsFree (cic_tiff.OpenOptionsFree)
#define TIFFOpenOptionsAlloc (cic_tiff.OpenOptionsAlloc)
#define TIFFNumberOfDirectories (cic_tiff.NumberOfDirectories)
#define TIFFGetStrileOffsetWithErr (cic_tiff.GetStrileOffsetWithErr)
#define TIFFGetStrileByteCountWithErr (cic_tiff.GetStrileByteCountWithErr)
#define TIFFClientOpenExt (cic_tiff.ClientOpenExt)

#endif
#endif
