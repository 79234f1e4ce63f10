/* libtiff, loaded when the first TIFF file is met (cic_tiff_library.c). Include after <tiffio.h>: the TIFF
 * functions cic_tiff.c calls are then names for the loaded ones. */
#ifndef CIC_TIFF_LIBRARY_H
#define CIC_TIFF_LIBRARY_H
#include <tiffio.h>

/* The libtiff functions cic_tiff.c calls, each typed as tiffio.h declares it. */
typedef struct cic_tiff_api {
    __typeof__(TIFFGetField) *GetField;
    __typeof__(TIFFIsTiled) *IsTiled;
    __typeof__(TIFFGetFieldDefaulted) *GetFieldDefaulted;
    __typeof__(TIFFRGBAImageOK) *RGBAImageOK;
    __typeof__(TIFFNumberOfTiles) *NumberOfTiles;
    __typeof__(TIFFNumberOfStrips) *NumberOfStrips;
    __typeof__(TIFFClose) *Close;
    __typeof__(TIFFTileSize) *TileSize;
    __typeof__(TIFFStripSize) *StripSize;
    __typeof__(TIFFReadEncodedTile) *ReadEncodedTile;
    __typeof__(TIFFReadEncodedStrip) *ReadEncodedStrip;
    __typeof__(TIFFReadDirectory) *ReadDirectory;
    __typeof__(TIFFRGBAImageGet) *RGBAImageGet;
    __typeof__(TIFFRGBAImageEnd) *RGBAImageEnd;
    __typeof__(TIFFRGBAImageBegin) *RGBAImageBegin;
    __typeof__(TIFFOpenOptionsSetWarningHandlerExtR) *OpenOptionsSetWarningHandlerExtR;
    __typeof__(TIFFOpenOptionsSetMaxSingleMemAlloc) *OpenOptionsSetMaxSingleMemAlloc;
    __typeof__(TIFFOpenOptionsSetErrorHandlerExtR) *OpenOptionsSetErrorHandlerExtR;
    __typeof__(TIFFOpenOptionsFree) *OpenOptionsFree;
    __typeof__(TIFFOpenOptionsAlloc) *OpenOptionsAlloc;
    __typeof__(TIFFNumberOfDirectories) *NumberOfDirectories;
    __typeof__(TIFFGetStrileOffsetWithErr) *GetStrileOffsetWithErr;
    __typeof__(TIFFGetStrileByteCountWithErr) *GetStrileByteCountWithErr;
    __typeof__(TIFFClientOpenExt) *ClientOpenExt;
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
