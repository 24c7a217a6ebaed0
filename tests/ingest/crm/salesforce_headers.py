"""Column headers of the Data Export's CSV files, in the order real exports write them.

Taken from real Data Export files in public repositories (konsul7770/konsul-force-org and
WinkelDev/Salesforce-Data-Changelog), custom fields (`…__c`) left out; README.md says which
column is assumed (`Task.TaskSubtype`).
"""

from __future__ import annotations


def columns(header_line: str) -> list[str]:
    """Return the columns of a header line as a real export writes it (quotes left out here)."""
    return header_line.split(",")


USER_HEADER = columns(
    "Id,Username,FirstName,LastName,MiddleName,Suffix,CompanyName,Division,Department,Title,Street,City,State,PostalCode,Country,StateCode,CountryCode,Latitude,Longitude,GeocodeAccuracy,Email,SenderEmail,SenderName,Signature,StayInTouchSubject,StayInTouchSignature,StayInTouchNote,Phone,Fax,MobilePhone,Alias,CommunityNickname,IsActive,IsSystemControlled,TimeZoneSidKey,UserRoleId,LocaleSidKey,ReceivesInfoEmails,ReceivesAdminInfoEmails,EmailEncodingKey,DefaultCurrencyIsoCode,CurrencyIsoCode,ProfileId,UserType,UserSubtype,StartDay,EndDay,LanguageLocaleKey,EmployeeNumber,DelegatedApproverId,ManagerId,LastLoginDate,LastPasswordChangeDate,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,NumberOfFailedLogins,SuAccessExpirationDate,SuOrgAdminExpirationDate,OfflineTrialExpirationDate,WirelessTrialExpirationDate,OfflinePdaTrialExpirationDate,ForecastEnabled,ContactId,AccountId,CallCenterId,Extension,FederationIdentifier,AboutMe,LoginLimit,ProfilePhotoId,DigestFrequency,DefaultGroupNotificationFrequency,WorkspaceId,SharingType,ChatterAdoptionStage,ChatterAdoptionStageModifiedDate,BannerPhotoId,IsProfilePhotoActive,GlobalIdentity"
)
ACCOUNT_HEADER = columns(
    "Id,IsDeleted,MasterRecordId,Name,Type,ParentId,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,BillingStateCode,BillingCountryCode,BillingLatitude,BillingLongitude,BillingGeocodeAccuracy,ShippingStreet,ShippingCity,ShippingState,ShippingPostalCode,ShippingCountry,ShippingLatitude,ShippingLongitude,ShippingGeocodeAccuracy,Phone,Fax,AccountNumber,Website,Sic,Industry,AnnualRevenue,NumberOfEmployees,Ownership,TickerSymbol,Description,Rating,Site,CurrencyIsoCode,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,LastActivityDate,Jigsaw,JigsawCompanyId,CleanStatus,AccountSource,DunsNumber,Tradestyle,NaicsCode,NaicsDesc,YearStarted,SicDesc,DandbCompanyId"
)
CONTACT_HEADER = columns(
    "Id,IsDeleted,MasterRecordId,AccountId,Salutation,FirstName,LastName,MiddleName,Suffix,OtherStreet,OtherCity,OtherState,OtherPostalCode,OtherCountry,OtherLatitude,OtherLongitude,OtherGeocodeAccuracy,MailingStreet,MailingCity,MailingState,MailingPostalCode,MailingCountry,MailingLatitude,MailingLongitude,MailingGeocodeAccuracy,Phone,Fax,MobilePhone,HomePhone,OtherPhone,AssistantPhone,ReportsToId,Email,Title,Department,AssistantName,LeadSource,Birthdate,Description,CurrencyIsoCode,OwnerId,HasOptedOutOfEmail,HasOptedOutOfFax,DoNotCall,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,LastActivityDate,LastCURequestDate,LastCUUpdateDate,EmailBouncedReason,EmailBouncedDate,Jigsaw,JigsawContactId,CleanStatus"
)
OPPORTUNITY_HEADER = columns(
    "Id,IsDeleted,AccountId,IsPrivate,Name,Description,StageName,StageSortOrder,Amount,Probability,ExpectedRevenue,TotalOpportunityQuantity,CloseDate,Type,NextStep,LeadSource,IsClosed,IsWon,ForecastCategory,ForecastCategoryName,CurrencyIsoCode,CampaignId,HasOpportunityLineItem,Pricebook2Id,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,LastActivityDate,LastStageChangeDate,FiscalYear,FiscalQuarter,ContactId,PrimaryPartnerAccountId,SyncedQuoteId,ContractId,LastAmountChangedHistoryId,LastCloseDateChangedHistoryId"
)
HISTORY_HEADER = columns(
    "Id,OpportunityId,CreatedById,CreatedDate,CreatedDateForInsert,StageName,Amount,ExpectedRevenue,CloseDate,Probability,FromForecastCategory,ForecastCategory,PrevForecastUpdate,FromOpportunityStageName,PrevOpportunityStageUpdate,CurrencyIsoCode,ValidThroughDate,SystemModstamp,IsDeleted,PrevAmount,PrevCloseDate"
)
CONTACT_ROLE_HEADER = columns(
    "Id,OpportunityId,ContactId,Role,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,IsDeleted,CurrencyIsoCode"
)
TASK_HEADER = columns(
    "Id,WhoId,WhatId,WhoCount,WhatCount,Subject,ActivityDate,Status,Priority,OwnerId,Description,CurrencyIsoCode,Type,IsDeleted,AccountId,IsClosed,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,IsArchived,CallDurationInSeconds,CallType,CallDisposition,CallObject,ReminderDateTime,IsReminderSet,RecurrenceActivityId,IsRecurrence,TaskSubtype,CompletedDateTime"
)
EVENT_HEADER = columns(
    "Id,WhoId,WhatId,WhoCount,WhatCount,Subject,Location,IsAllDayEvent,ActivityDateTime,ActivityDate,DurationInMinutes,Description,AccountId,OwnerId,CurrencyIsoCode,Type,IsPrivate,ShowAs,IsDeleted,IsChild,IsGroupEvent,GroupEventType,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,IsArchived,RecurrenceActivityId,IsRecurrence,ReminderDateTime,IsReminderSet"
)
RELATION_HEADER = columns(
    "Id,RelationId,EventId,ChildEventId,IsWhat,IsParent,IsInvitee,AccountId,Status,RespondedDate,Response,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,IsDeleted"
)
CURRENCY_HEADER = columns(
    "Id,IsoCode,ConversionRate,DecimalPlaces,IsActive,IsCorporate,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp"
)
ROLE_HEADER = columns(
    "Id,Name,ParentRoleId,RollupDescription,OpportunityAccessForAccountOwner,CaseAccessForAccountOwner,ContactAccessForAccountOwner,ForecastUserId,MayForecastManagerShare,LastModifiedDate,LastModifiedById,SystemModstamp,PortalAccountId,PortalType,PortalRole,PortalAccountOwnerId"
)
ATTACHMENT_HEADER = columns(
    "Id,IsDeleted,ParentId,AccountId,Name,IsPrivate,ContentType,BodyLength,BodyLengthCompressed,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,Description,FeedItemId"
)
NOTE_HEADER = columns(
    "Id,IsDeleted,ParentId,AccountId,Title,IsPrivate,Body,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp"
)
CONTENT_HEADER = columns(
    "Id,ContentDocumentId,IsLatest,ContentUrl,ContentBodyId,VersionNumber,Title,Description,ReasonForChange,SharingOption,SharingPrivacy,PathOnClient,RatingCount,IsDeleted,ContentModifiedDate,ContentModifiedById,PositiveRatingCount,NegativeRatingCount,FeaturedContentBoost,FeaturedContentDate,CurrencyIsoCode,OwnerId,CreatedById,CreatedDate,LastModifiedById,LastModifiedDate,SystemModstamp,FileType,PublishStatus,ContentSize,FirstPublishLocationId,Origin,ContentLocation,TextPreview,ExternalDocumentInfo1,ExternalDocumentInfo2,ExternalDataSourceId,IsMajorVersion"
)
