import GRDB
import ImageCodecs
import SuperOfficeWebAPI
